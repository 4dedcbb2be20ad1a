package io.comfyless.testkit.comfyui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The input, output and temp directories and ComfyUI's rules on them: {@code SaveImage} naming with the counter,
 * {@code /view} path checks, upload targets, and {@code "name.png [output]"} annotations.
 */
final class ComfyUiOutputFiles {

    /** Where {@code SaveImage} writes the next file: {@code <folder>/<filename>_<counter:05>_.png}. */
    record SaveTarget(Path folder, String filename, int counter, String subfolder) {
        /** The name of the batch's n-th image; {@code %batch_num%} in the prefix becomes n. */
        String fileName(int batchNumber) {
            String name = filename.replace("%batch_num%", Integer.toString(batchNumber));
            return String.format(Locale.ROOT, "%s_%05d_.png", name, counter + batchNumber);
        }
    }

    /** The outcome of resolving a {@code /view} request: an HTTP status, and the file when it is 200. */
    record Lookup(int status, Path file) {}

    private final Path input;
    private final Path output;
    private final Path temp;

    ComfyUiOutputFiles(Path input, Path output, Path temp) {
        this.input = absolute(input);
        this.output = absolute(output);
        this.temp = absolute(temp);
    }

    Path input() {
        return input;
    }

    Path output() {
        return output;
    }

    Path temp() {
        return temp;
    }

    Optional<Path> directory(String type) {
        return switch (type) {
            case "input" -> Optional.of(input);
            case "output" -> Optional.of(output);
            case "temp" -> Optional.of(temp);
            default -> Optional.empty();
        };
    }

    /** ComfyUI's {@code folder_paths.get_save_image_path}: counter = highest existing counter for the prefix + 1. */
    SaveTarget saveTarget(String filenamePrefix, Path baseDir, int width, int height) throws IOException {
        String prefix = filenamePrefix.contains("%") ? expandVariables(filenamePrefix, width, height) : filenamePrefix;
        String normalized = PathText.normpath(prefix);
        String subfolder = PathText.dirname(normalized);
        String filename = PathText.basename(normalized);
        Path folder = baseDir.resolve(subfolder).normalize();
        if (!folder.startsWith(baseDir)) {
            throw new PythonError(
                    "Exception",
                    "**** ERROR: Saving image outside the output folder is not allowed." + "\n full_output_folder: "
                            + folder + "\n         output_dir: " + baseDir);
        }
        Files.createDirectories(folder);
        int prefixLength = PathText.basename(prefix).length();
        int counter;
        try (Stream<Path> files = Files.list(folder)) {
            counter = files.map(p -> p.getFileName().toString())
                            .filter(name -> name.length() > prefixLength)
                            .filter(name -> name.substring(0, prefixLength).equals(filename)
                                    && name.charAt(prefixLength) == '_')
                            .mapToInt(name -> leadingCounter(name.substring(prefixLength + 1)))
                            .max()
                            .orElse(0)
                    + 1;
        }
        return new SaveTarget(folder, filename, counter, subfolder);
    }

    /** ComfyUI's {@code GET /view} checks: 400 for a rooted or {@code ..} name or a bad type, 403 for an escaping subfolder. */
    Lookup view(String filename, String type, String subfolder) {
        Annotated annotated = annotated(filename);
        String name = annotated.name();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("string index out of range");
        }
        if (name.charAt(0) == '/' || name.contains("..")) {
            return new Lookup(400, null);
        }
        Optional<Path> dir = annotated.dir().or(() -> directory(type == null ? "output" : type));
        if (dir.isEmpty()) {
            return new Lookup(400, null);
        }
        Path folder = dir.get();
        if (subfolder != null) {
            Path full = folder.resolve(subfolder).normalize();
            if (!full.startsWith(folder)) {
                return new Lookup(403, null);
            }
            folder = full;
        }
        Path file = folder.resolve(PathText.basename(name));
        return Files.isRegularFile(file) ? new Lookup(200, file) : new Lookup(404, null);
    }

    /** Where {@code POST /upload/image} writes, or empty when the name escapes the directory (ComfyUI answers 400). */
    Optional<Path> uploadTarget(Path dir, String subfolder, String filename) {
        Path folder = dir.resolve(PathText.normpath(subfolder)).normalize();
        Path file = folder.resolve(filename).normalize();
        return file.startsWith(dir) && !file.equals(dir) ? Optional.of(file) : Optional.empty();
    }

    /** {@code folder_paths.get_annotated_filepath}: {@code "pic.png [output]"} names a file in another directory. */
    Path annotatedPath(String name) {
        Annotated annotated = annotated(name);
        return annotated.dir().orElse(input).resolve(annotated.name()).normalize();
    }

    /** LoadImage's choices: the files at the top of the input directory, sorted. */
    List<String> inputImages() {
        if (!Files.isDirectory(input)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(input)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void createDirectories() throws IOException {
        Files.createDirectories(input);
        Files.createDirectories(output);
        Files.createDirectories(temp);
    }

    /** ComfyUI empties the temp directory when it starts and when it stops. */
    void wipeTemp() throws IOException {
        if (!Files.isDirectory(temp)) {
            return;
        }
        List<Path> doomed = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(temp)) {
            walk.filter(p -> !p.equals(temp)).sorted(Comparator.reverseOrder()).forEach(doomed::add);
        }
        for (Path path : doomed) {
            Files.deleteIfExists(path);
        }
    }

    private record Annotated(String name, Optional<Path> dir) {}

    private Annotated annotated(String name) {
        if (name.endsWith("[output]")) {
            return new Annotated(name.substring(0, Math.max(0, name.length() - 9)), Optional.of(output));
        }
        if (name.endsWith("[input]")) {
            return new Annotated(name.substring(0, Math.max(0, name.length() - 8)), Optional.of(input));
        }
        if (name.endsWith("[temp]")) {
            return new Annotated(name.substring(0, Math.max(0, name.length() - 7)), Optional.of(temp));
        }
        return new Annotated(name, Optional.empty());
    }

    private static int leadingCounter(String rest) {
        String digits = rest.split("_", -1)[0];
        try {
            return Integer.parseInt(digits.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String expandVariables(String prefix, int width, int height) {
        LocalDateTime now = LocalDateTime.now();
        return prefix.replace("%width%", Integer.toString(width))
                .replace("%height%", Integer.toString(height))
                .replace("%year%", Integer.toString(now.getYear()))
                .replace("%month%", String.format("%02d", now.getMonthValue()))
                .replace("%day%", String.format("%02d", now.getDayOfMonth()))
                .replace("%hour%", String.format("%02d", now.getHour()))
                .replace("%minute%", String.format("%02d", now.getMinute()))
                .replace("%second%", String.format("%02d", now.getSecond()));
    }

    private static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }
}
