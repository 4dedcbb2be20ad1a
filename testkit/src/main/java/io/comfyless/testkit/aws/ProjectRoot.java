package io.comfyless.testkit.aws;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root from wherever a test or the CLI happens to run. */
public final class ProjectRoot {

    private static final String MARKER = "scripts/setup-moto.sh";

    private ProjectRoot() {}

    public static Path find() {
        String configured = System.getProperty("comfyless.root", System.getenv("COMFYLESS_ROOT"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(MARKER))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the ComfyLess repository root (no " + MARKER + " above "
                + Path.of("").toAbsolutePath() + "); set COMFYLESS_ROOT");
    }
}
