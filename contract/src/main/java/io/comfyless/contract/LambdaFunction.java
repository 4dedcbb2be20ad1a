package io.comfyless.contract;

/**
 * The Lambda functions, each built into its own jar by the {@code functions} module and deployed
 * from it by the CDK app. Each jar carries only what its function uses; its manifest names the
 * function's own Spring application, so Spring Cloud Function's {@code FunctionInvoker} starts only
 * that function's object graph.
 */
public enum LambdaFunction {
    API("api"),
    BATCH("batch"),
    WEBHOOK("webhook"),
    REAPER("reaper"),
    SCHEDULE("schedule");

    /** Spring Cloud Function's handler, the entry point of every function. */
    public static final String HANDLER =
            "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest";

    private final String definition;

    LambdaFunction(String definition) {
        this.definition = definition;
    }

    /** The function's bean name, and the value of {@code SPRING_CLOUD_FUNCTION_DEFINITION}. */
    public String definition() {
        return definition;
    }

    /** The jar's file name under {@code functions/target/}. */
    public String artifact() {
        return "comfyless-" + definition + ".jar";
    }
}
