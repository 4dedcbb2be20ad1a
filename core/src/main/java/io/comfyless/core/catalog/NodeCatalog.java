package io.comfyless.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The node types one ComfyUI has, read from its {@code GET /object_info}: both the older shapes
 * ({@code ["IMAGE"]}, {@code [["a", "b"]]}) and those of ComfyUI 0.8.0 ({@code ["IMAGE", {}]},
 * {@code ["COMBO", {"options": [...]}]}, the newer schema's dynamic inputs).
 */
public final class NodeCatalog {

    /** Combo options that mark values as files arriving with the job or listed elsewhere. */
    private static final Set<String> UPLOAD_FLAGS =
            Set.of("image_upload", "video_upload", "audio_upload", "remote", "image_folder", "upload");

    private final Map<String, NodeType> types;

    private NodeCatalog(Map<String, NodeType> types) {
        this.types = types;
    }

    /** Reads an {@code /object_info} answer; entries it cannot read are skipped rather than failing the lot. */
    public static NodeCatalog parse(JsonNode objectInfo) {
        Map<String, NodeType> types = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : objectInfo.properties()) {
            if (entry.getValue().isObject()) {
                types.put(entry.getKey(), type(entry.getKey(), entry.getValue()));
            }
        }
        return new NodeCatalog(types);
    }

    public Optional<NodeType> type(String classType) {
        return Optional.ofNullable(types.get(classType));
    }

    /** Whether that input of that node type lists {@code value} among its choices (a model file a runner has). */
    public boolean lists(String classType, String input, JsonNode value) {
        return type(classType)
                .flatMap(type -> type.input(input))
                .map(declared -> declared.choices().stream().anyMatch(choice -> choice.equals(value)))
                .orElse(false);
    }

    public int size() {
        return types.size();
    }

    private static NodeType type(String classType, JsonNode entry) {
        List<String> outputs = new ArrayList<>();
        entry.path("output").forEach(output -> outputs.add(output.isTextual() ? output.asText() : "COMBO"));
        return new NodeType(
                classType,
                inputs(entry.path("input").path("required")),
                inputs(entry.path("input").path("optional")),
                outputs);
    }

    private static Map<String, NodeInput> inputs(JsonNode declared) {
        Map<String, NodeInput> inputs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> input : declared.properties()) {
            inputs.put(input.getKey(), input(input.getKey(), input.getValue()));
        }
        return inputs;
    }

    /** {@code [type, options?]}, where type is a name, a list of choices, or {@code "COMBO"} with options. */
    private static NodeInput input(String name, JsonNode spec) {
        JsonNode type = spec.path(0);
        JsonNode options = spec.path(1);
        BigDecimal min = number(options.get("min"));
        BigDecimal max = number(options.get("max"));
        if (type.isArray() || "COMBO".equals(type.asText())) {
            List<JsonNode> choices = new ArrayList<>();
            (type.isArray() ? type : options.path("options")).forEach(choices::add);
            boolean uploads = UPLOAD_FLAGS.stream().anyMatch(options::has);
            return new NodeInput(name, NodeInput.Kind.COMBO, Set.of(), choices, uploads, null, null);
        }
        String typeName = type.asText("*");
        NodeInput.Kind kind = switch (typeName) {
            case "INT" -> NodeInput.Kind.INT;
            case "FLOAT" -> NodeInput.Kind.FLOAT;
            case "STRING" -> NodeInput.Kind.STRING;
            case "BOOLEAN" -> NodeInput.Kind.BOOLEAN;
            default -> isDynamic(typeName) ? NodeInput.Kind.DYNAMIC : NodeInput.Kind.SOCKET;
        };
        return new NodeInput(name, kind, Set.of(typeName.split(",")), List.of(), false, min, max);
    }

    /** The newer node schema's template types ({@code COMFY_AUTOGROW_V3}, {@code COMFY_MATCHTYPE_V3}, ...). */
    static boolean isDynamic(String type) {
        return type.startsWith("COMFY_") && type.endsWith("_V3");
    }

    private static BigDecimal number(JsonNode value) {
        return value != null && value.isNumber() ? value.decimalValue() : null;
    }
}
