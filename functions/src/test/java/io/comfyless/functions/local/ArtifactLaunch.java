package io.comfyless.functions.local;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * Run in a JVM of its own on one function's jar by {@link FunctionArtifactsIT}: starts the function
 * as Lambda does (the handler class, constructed), hands it the event given as the first argument,
 * and prints the answer.
 */
public final class ArtifactLaunch {

    private ArtifactLaunch() {}

    public static void main(String[] args) throws Exception {
        FunctionInvoker invoker = new FunctionInvoker();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        invoker.handleRequest(
                new ByteArrayInputStream(args[0].getBytes(StandardCharsets.UTF_8)),
                out,
                LocalLambdaContext.of("launch", "launch", Duration.ofSeconds(30)));
        System.out.println("ANSWER " + out.toString(StandardCharsets.UTF_8));
        System.exit(0);
    }
}
