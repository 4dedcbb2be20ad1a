package io.comfyless.runner.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file whose fresh modification time says "this runner takes jobs and its ComfyUI answers":
 * touched on every worker report while that holds, deleted when the runner drains. The container
 * health check ({@code gpu-runner/docker/healthcheck.sh}) reads its age, so no port is opened for it.
 */
public final class ReadinessFile {

    /** Where the file is; unset (the local stack, tests), nothing is written. */
    public static final String PATH_VAR = "COMFYLESS_READY_FILE";

    private static final Logger log = LoggerFactory.getLogger(ReadinessFile.class);

    private final Optional<Path> path;

    private ReadinessFile(Optional<Path> path) {
        this.path = path;
    }

    public static ReadinessFile none() {
        return new ReadinessFile(Optional.empty());
    }

    public static ReadinessFile from(Function<String, String> env) {
        return new ReadinessFile(Optional.ofNullable(env.apply(PATH_VAR))
                .filter(s -> !s.isBlank())
                .map(Path::of));
    }

    public void touch() {
        path.ifPresent(file -> {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, "ready\n");
            } catch (IOException e) {
                log.warn("Cannot write the readiness file {}: {}", file, e.toString());
            }
        });
    }

    public void clear() {
        path.ifPresent(file -> {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("Cannot delete the readiness file {}: {}", file, e.toString());
            }
        });
    }
}
