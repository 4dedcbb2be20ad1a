package io.comfyless.testkit.aws;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * The AWS endpoint tests run against: {@code AWS_ENDPOINT_URL} when set (LocalStack, a moto server
 * you started yourself), otherwise one moto server started for this JVM.
 */
public final class AwsEmulator {

    /** Where the emulator writes its log; tests keep the default ({@code target}). */
    public static final String LOG_DIR_PROPERTY = "comfyless.logs";

    private static MotoServer shared;

    private AwsEmulator() {}

    public static synchronized URI endpoint() {
        Optional<String> configured =
                Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL")).filter(s -> !s.isBlank());
        if (configured.isPresent()) {
            return URI.create(configured.get());
        }
        if (shared == null || !shared.isAlive()) {
            Path logs = Path.of(System.getProperty(LOG_DIR_PROPERTY, "target"));
            shared = MotoServer.start(
                    logs.resolve("moto-" + ProcessHandle.current().pid() + ".log"));
            MotoServer started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "moto-shutdown"));
        }
        return shared.endpoint();
    }

    /** Provisions a fresh, uniquely named copy of every resource the stack defines. */
    public static LocalResources freshResources() {
        return LocalResources.provision(
                endpoint(), "t" + UUID.randomUUID().toString().substring(0, 8));
    }
}
