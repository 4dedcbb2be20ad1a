package io.comfyless.local.cli;

import io.comfyless.contract.Settings;
import io.comfyless.local.stack.LocalEnvFile;
import io.comfyless.local.stack.LocalStack;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code comfyless up}: the whole stack on this machine until Ctrl-C. */
@Command(name = "up", description = "Run the whole stack locally until Ctrl-C")
final class UpCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "API port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--runners", defaultValue = "1", description = "GPU runners to start (default: ${DEFAULT-VALUE})")
    int runners;

    @Option(
            names = "--comfyui",
            paramLabel = "URL",
            description = "A real ComfyUI to drive instead of the protocol double")
    URI comfyui;

    @Option(names = "--auth", description = "Require API keys, as a deployed stack does (ENABLE_AUTH=true)")
    boolean auth;

    @Override
    public Integer call() throws InterruptedException {
        System.out.println("Starting the ComfyLess local stack ...");
        LocalStack stack = LocalStack.start(new LocalStack.Options(
                port, runners, Optional.ofNullable(comfyui), auth, Settings.DEFAULT_LOCAL_PREFIX));
        LocalEnvFile.write(stack.environment());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping ...");
            LocalEnvFile.delete();
            stack.close();
            stopped.countDown();
        }));
        StackBanner.print(stack, runners, System.out);
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }
}
