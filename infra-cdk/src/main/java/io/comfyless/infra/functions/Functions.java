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
 * Every Lambda function, all from the one functions jar (uploaded once as a single asset).
 * {@code extraEnvironment} lets a function learn settings only it needs, such as the webhook
 * function's delivery attempts; the stack adds the API's own settings once every resource they name
 * exists (the schedule function's alias among them).
 */
public final class Functions extends Construct {

    private final Map<FunctionKind, JavaFunction> functions = new EnumMap<>(FunctionKind.class);

    public Functions(
            Construct scope,
            String id,
            Path jar,
            Map<String, String> environment,
            Map<FunctionKind, Map<String, String>> extraEnvironment,
            RemovalPolicy removalPolicy) {
        super(scope, id);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Lambda jar not found at " + jar
                    + ". Build it first with `./mvnw -pl functions -am package`, or pass -c functionsJar=<path>.");
        }
        Code code = Code.fromAsset(jar.toString());
        for (FunctionKind kind : FunctionKind.values()) {
            Map<String, String> variables = new TreeMap<>(environment);
            variables.putAll(extraEnvironment.getOrDefault(kind, Map.of()));
            functions.put(kind, new JavaFunction(this, kind, code, variables, removalPolicy));
        }
    }

    public JavaFunction get(FunctionKind kind) {
        return functions.get(kind);
    }
}
