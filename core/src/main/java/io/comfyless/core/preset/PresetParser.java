package io.comfyless.core.preset;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.model.ModelPath;
import io.comfyless.core.net.UrlGuard;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a preset from JSON, the same for the built-in data file and for requests:
 * {@code {"id", "name", "category", "type", "description", "use_case", "tags", "files": [{"path":
 * "checkpoints/x.safetensors", "url": "https://…", "size_bytes"}], "dependencies", "workflows"}}.
 * Every problem is reported at once, each naming its field.
 */
public final class PresetParser {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int MAX_FILES = 50;

    private final UrlGuard guard;

    public PresetParser(UrlGuard guard) {
        this.guard = guard;
    }

    public Preset parse(JsonNode body, String id, boolean builtIn, Instant now) {
        if (body == null || !body.isObject()) {
            throw ValidationException.of("INVALID_TYPE", "body", "A preset must be a JSON object");
        }
        List<ErrorDetail> problems = new ArrayList<>();
        if (!ID.matcher(id).matches()) {
            problems.add(
                    ErrorDetail.field("INVALID_VALUE", "id", "id must be 1 to 64 letters, digits, '_', '.' or '-'"));
        }
        String name = text(body, "name", true, problems);
        List<PresetFile> files = files(body.get("files"), problems);
        if (!problems.isEmpty()) {
            throw new ValidationException("Invalid preset: " + problems.get(0).message(), problems);
        }
        return new Preset(
                id,
                name,
                text(body, "category", false, problems),
                text(body, "type", false, problems),
                text(body, "description", false, problems),
                text(body, "use_case", false, problems),
                words(body.get("tags")),
                files,
                words(body.get("dependencies")),
                words(body.get("workflows")),
                builtIn,
                now);
    }

    private List<PresetFile> files(JsonNode list, List<ErrorDetail> problems) {
        List<PresetFile> files = new ArrayList<>();
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_FILES) {
            problems.add(ErrorDetail.field(
                    "INVALID_VALUE", "files", "files must list from 1 to " + MAX_FILES + " {path, url} entries"));
            return files;
        }
        for (int i = 0; i < list.size(); i++) {
            String field = "files[" + i + "]";
            JsonNode file = list.get(i);
            String path = file.path("path").asText("");
            int slash = path.indexOf('/');
            try {
                if (slash <= 0) {
                    throw ValidationException.of("INVALID_VALUE", field + ".path", "path must be folder/name");
                }
                ModelPath model = ModelPath.of(
                        path.substring(0, slash), path.substring(slash + 1), field + ".path", field + ".path");
                String url = guard.checkWithoutResolving(file.path("url").asText(""), field + ".url")
                        .toString();
                Long size =
                        file.hasNonNull("size_bytes") ? file.get("size_bytes").asLong() : null;
                files.add(new PresetFile(model, url, size));
            } catch (ValidationException e) {
                problems.addAll(e.details());
            }
        }
        return files;
    }

    private static String text(JsonNode body, String field, boolean required, List<ErrorDetail> problems) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            if (required) {
                problems.add(ErrorDetail.field("REQUIRED_FIELD", field, "Field '" + field + "' is required"));
            }
            return null;
        }
        if (!value.isTextual() || value.asText().length() > 1000) {
            problems.add(ErrorDetail.field("INVALID_VALUE", field, field + " must be text of at most 1000 characters"));
            return null;
        }
        return value.asText();
    }

    private static List<String> words(JsonNode list) {
        List<String> words = new ArrayList<>();
        if (list != null && list.isArray()) {
            list.forEach(word -> {
                if (word.isTextual() && !word.asText().isBlank()) {
                    words.add(word.asText());
                }
            });
        }
        return words;
    }
}
