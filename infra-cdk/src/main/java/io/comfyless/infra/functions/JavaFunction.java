package io.comfyless.infra.functions;

import io.comfyless.contract.LambdaFunction;
import io.comfyless.infra.Nag;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * One function from its own jar: Java 21 on arm64 (cheaper per GB-second, and the jar is pure
 * Java), SnapStart on published versions, and a {@value #ALIAS} alias that every trigger targets,
 * since SnapStart only applies to published versions. Each function gets its own role and log
 * group, so its permissions can be read in one place ({@code Permissions}).
 */
public final class JavaFunction extends Construct {

    public static final String ALIAS = "live";
    public static final String HANDLER = LambdaFunction.HANDLER;
    /** C1 only: the fastest start for short-lived handlers; SnapStart restores the warmed JVM anyway. */
    public static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

    static final RetentionDays LOG_RETENTION = RetentionDays.ONE_MONTH;

    private final Function function;
    private final Alias alias;
    private final Role role;

    public JavaFunction(
            Construct scope,
            FunctionKind kind,
            Code code,
            Map<String, String> environment,
            RemovalPolicy removalPolicy) {
        super(scope, kind.constructId());
        role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(kind.description() + " function role")
                .build();
        LogGroup logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(LOG_RETENTION)
                .removalPolicy(removalPolicy)
                .build();
        // Instead of the AWSLambdaBasicExecutionRole managed policy (logs:* on every group): this group only.
        logGroup.grantWrite(role);

        Map<String, String> variables = new TreeMap<>(environment);
        variables.put(LambdaFunction.DEFINITION_VAR, kind.definition());
        variables.put(LambdaFunction.MAIN_CLASS_VAR, kind.function().application());
        variables.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);

        function = Function.Builder.create(this, "Function")
                .description(kind.description())
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(HANDLER)
                .code(code)
                .memorySize(kind.memoryMb())
                .timeout(kind.timeout())
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .role(role)
                .logGroup(logGroup)
                .environment(variables)
                .build();
        Nag.suppress(
                function,
                "AwsSolutions-L1",
                "Java 21 is the LTS runtime the functions jar is built and SnapStart-tested for; moving to a newer"
                        + " runtime is a deliberate upgrade, not a side effect of a CDK bump.");
        // CDK warns that SnapStart needs a published version; the alias below publishes one.
        Annotations.of(function)
                .acknowledgeWarning(
                        "@aws-cdk/aws-lambda:snapStartRequirePublish",
                        "Published through currentVersion, which the live alias points at.");
        alias = Alias.Builder.create(this, "Alias")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .build();
    }

    /** What triggers, integrations and grants of invoke rights must target. */
    public IFunction alias() {
        return alias;
    }

    public IRole role() {
        return role;
    }

    public Function function() {
        return function;
    }
}
