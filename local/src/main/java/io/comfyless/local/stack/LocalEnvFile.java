package io.comfyless.local.stack;

import io.comfyless.testkit.aws.ProjectRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code .comfyless/local.env}: what a running {@code ./comfyless up} tells other commands in
 * KEY=VALUE lines — the API URL, the emulator endpoint and every resource name — so that
 * {@code submit} finds the API and {@code keys} finds the tenants table. Deleted when the stack stops.
 */
public final class LocalEnvFile {

    public static final String API_URL = "COMFYLESS_API_URL";

    private LocalEnvFile() {}

    public static Path path() {
        return ProjectRoot.find().resolve(".comfyless").resolve("local.env");
    }

    public static void write(Map<String, String> environment) {
        write(path(), environment);
    }

    public static void write(Path file, Map<String, String> environment) {
        StringBuilder text = new StringBuilder("# Written by ./comfyless up; removed when it stops.\n");
        environment.forEach(
                (key, value) -> text.append(key).append('=').append(value).append('\n'));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void delete() {
        try {
            Files.deleteIfExists(path());
        } catch (IOException ignored) {
            // a stale file only misleads until the next `up` overwrites it
        }
    }

    /** The running local stack's environment, if there is one. */
    public static Optional<Map<String, String>> read() {
        return read(path());
    }

    public static Optional<Map<String, String>> read(Path file) {
        if (!Files.isReadable(file)) {
            return Optional.empty();
        }
        try {
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return Optional.of(values);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
