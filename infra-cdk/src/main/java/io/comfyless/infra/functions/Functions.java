package io.comfyless.infra.functions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

/**
 * Every Lambda function, each from its own jar in {@code directory} (one asset per function), so
 * each carries only the libraries it uses.
 * {@code extraEnvironment} lets a function learn settings only it needs, such as the webhook
 * function's delivery attempts; the stack adds the API's own settings once every resource they name
 * exists (the schedule function's alias among them).
 */
public final class Functions extends Construct {

    private final Map<FunctionKind, JavaFunction> functions = new EnumMap<>(FunctionKind.class);

    public Functions(
            Construct scope,
            String id,
            Path directory,
            Map<String, String> environment,
            Map<FunctionKind, Map<String, String>> extraEnvironment,
            RemovalPolicy removalPolicy) {
        super(scope, id);
        for (FunctionKind kind : FunctionKind.values()) {
            Path jar = directory.resolve(kind.function().artifact());
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("Lambda jar not found at " + jar
                        + ". Build the functions first with `./mvnw -pl functions -am package`,"
                        + " or pass -c functionsDirectory=<folder with the jars>.");
            }
            Code code = Code.fromAsset(jar.toString());
            Map<String, String> variables = new TreeMap<>(environment);
            variables.putAll(extraEnvironment.getOrDefault(kind, Map.of()));
            functions.put(kind, new JavaFunction(this, kind, code, variables, removalPolicy));
        }
    }

    public JavaFunction get(FunctionKind kind) {
        return functions.get(kind);
    }
}
