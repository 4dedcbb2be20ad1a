package io.comfyless.contract;

/**
 * The Lambda functions, each built into its own jar by the {@code functions} module and deployed
 * from it by the CDK app. Each jar carries only what its function uses; {@value #MAIN_CLASS_VAR}
 * names the function's own Spring application, so Spring Cloud Function's {@code FunctionInvoker}
 * starts only that function's object graph.
 */
public enum LambdaFunction {
    API("api", "ApiLambda"),
    BATCH("batch", "BatchLambda"),
    WEBHOOK("webhook", "WebhookLambda"),
    REAPER("reaper", "ReaperLambda"),
    SCHEDULE("schedule", "ScheduleLambda"),
    WEBSOCKET("websocket", "WebSocketLambda"),
    FANOUT("fanout", "FanOutLambda");

    /** Where {@code FunctionInvoker} looks first for the application class to start. */
    public static final String MAIN_CLASS_VAR = "MAIN_CLASS";
    /** Picks the function bean; each application registers only its own. */
    public static final String DEFINITION_VAR = "SPRING_CLOUD_FUNCTION_DEFINITION";

    /** Spring Cloud Function's handler, the entry point of every function. */
    public static final String HANDLER =
            "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest";

    private final String definition;
    private final String application;

    LambdaFunction(String definition, String application) {
        this.definition = definition;
        this.application = application;
    }

    /** The function's bean name, and the value of {@code SPRING_CLOUD_FUNCTION_DEFINITION}. */
    public String definition() {
        return definition;
    }

    /** The function's Spring application class, the value of {@value #MAIN_CLASS_VAR}. */
    public String application() {
        return "io.comfyless.functions." + application;
    }

    /** The jar's file name under {@code functions/target/}. */
    public String artifact() {
        return "comfyless-" + definition + ".jar";
    }
}
