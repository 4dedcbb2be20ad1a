package io.comfyless.core.model;

import io.comfyless.contract.Bucket;
import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ValidationException;
import java.util.Optional;

/**
 * One model file: its folder and its name inside the folder, as a ComfyUI loader input names it
 * ({@code sd_xl_base_1.0.safetensors}, or with sub-folders {@code SDXL/detail.safetensors}). Both
 * are checked so that a path built from them never leaves the folder, in S3 or on disk: no
 * {@code ..} or empty segment, no leading slash, no backslash, no control character.
 */
public record ModelPath(String folder, String name) {

    static final int MAX_NAME_LENGTH = 255;

    public ModelPath {
        Optional<String> problem = problem(folder, name);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    /** Checks client input; a bad folder or name is a 400 naming {@code field}. */
    public static ModelPath of(String folder, String name, String folderField, String nameField) {
        String canonical = ModelFolders.parse(folder, folderField);
        String trimmed = name == null ? "" : name.trim();
        Optional<String> problem = nameProblem(trimmed);
        if (problem.isPresent()) {
            throw ValidationException.of(ErrorCodes.INVALID_VALUE, nameField, nameField + " " + problem.get());
        }
        return new ModelPath(canonical, trimmed);
    }

    /** The path if {@code folder} and {@code name} make a valid one, for values read from workflows. */
    public static Optional<ModelPath> parse(String folder, String name) {
        return problem(folder, name).isPresent() ? Optional.empty() : Optional.of(new ModelPath(folder, name));
    }

    /** The model an object key of the store holds; empty for keys outside {@code models/<folder>/}. */
    public static Optional<ModelPath> fromKey(String key) {
        if (!key.startsWith(Bucket.MODELS_PREFIX)) {
            return Optional.empty();
        }
        String rest = key.substring(Bucket.MODELS_PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        return parse(ModelFolders.ofDirectory(rest.substring(0, slash)), rest.substring(slash + 1));
    }

    /** {@code folder/name}: the path below ComfyUI's models directory and the store's prefix. */
    public String relative() {
        return folder + "/" + name;
    }

    /** The object key in the store: {@code models/<folder>/<name>}. */
    public String key() {
        return Bucket.MODELS_PREFIX + relative();
    }

    /** The file name without sub-folders. */
    public String fileName() {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    private static Optional<String> problem(String folder, String name) {
        if (folder == null || !ModelFolders.isValid(folder)) {
            return Optional.of("'" + folder + "' is not a model folder name");
        }
        return nameProblem(name).map(p -> "Model name " + p);
    }

    private static Optional<String> nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return Optional.of("must be at most " + MAX_NAME_LENGTH + " characters");
        }
        if (name.startsWith("/") || name.indexOf('\\') >= 0) {
            return Optional.of("must be a relative path using '/' (no leading '/', no '\\')");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return Optional.of("must not contain control characters");
            }
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return Optional.of("must not contain empty, '.' or '..' path segments");
            }
        }
        return Optional.empty();
    }
}
