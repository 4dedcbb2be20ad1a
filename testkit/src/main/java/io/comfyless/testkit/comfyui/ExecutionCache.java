package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * ComfyUI's classic output cache. A node's key is its class, its {@code IS_CHANGED} fingerprint, its literal inputs
 * and, recursively, the keys of what it links to (never node ids), so an identical resubmission executes nothing.
 * Like the classic cache, entries not used by the current prompt are dropped when it starts.
 */
final class ExecutionCache {

    private final Map<String, List<Object>> outputs = new HashMap<>();
    private final Map<String, ObjectNode> ui = new HashMap<>();
    private Map<String, String> keys = Map.of();

    /** Computes the keys of the prompt's nodes and forgets entries the prompt does not use. */
    void prepare(ObjectNode prompt, NodeLibrary library) {
        Map<String, String> computed = new HashMap<>();
        prompt.fieldNames().forEachRemaining(id -> key(prompt, id, library, computed));
        keys = computed;
        outputs.keySet().retainAll(computed.values());
        ui.keySet().retainAll(computed.values());
    }

    Optional<List<Object>> outputs(String nodeId) {
        return Optional.ofNullable(outputs.get(keys.get(nodeId)));
    }

    /** The cached {@code {"meta": ..., "output": ...}} of an output node. */
    Optional<ObjectNode> ui(String nodeId) {
        return Optional.ofNullable(ui.get(keys.get(nodeId)));
    }

    void putOutputs(String nodeId, List<Object> values) {
        outputs.put(keys.get(nodeId), values);
    }

    void putUi(String nodeId, ObjectNode value) {
        ui.put(keys.get(nodeId), value);
    }

    /** {@code POST /free {"free_memory": true}}. */
    void clear() {
        outputs.clear();
        ui.clear();
    }

    private String key(ObjectNode prompt, String id, NodeLibrary library, Map<String, String> computed) {
        String known = computed.get(id);
        if (known != null) {
            return known;
        }
        computed.put(id, "cycle:" + id);
        JsonNode node = prompt.get(id);
        String classType = node.path("class_type").asText();
        JsonNode inputs = node.path("inputs");
        StringBuilder signature = new StringBuilder(classType)
                .append('\u0000')
                .append(fingerprint(library, classType, inputs))
                .append('\u0000');
        List<String> names = new ArrayList<>();
        inputs.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        for (String name : names) {
            JsonNode value = inputs.get(name);
            signature.append(name).append('=');
            if (value.isArray()
                    && value.size() == 2
                    && value.get(0).isTextual()
                    && prompt.has(value.get(0).textValue())) {
                signature
                        .append("link(")
                        .append(key(prompt, value.get(0).textValue(), library, computed))
                        .append(',')
                        .append(value.get(1))
                        .append(')');
            } else {
                signature.append(ComfyUiJson.write(value));
            }
            signature.append('\u0000');
        }
        String key = sha256(signature.toString());
        computed.put(id, key);
        return key;
    }

    private static String fingerprint(NodeLibrary library, String classType, JsonNode inputs) {
        Optional<ComfyNode> node = library.find(classType);
        if (node.isEmpty() || !(inputs instanceof ObjectNode literal)) {
            return "";
        }
        try {
            return node.get().fingerprint(literal).orElse("");
        } catch (Exception e) {
            // ComfyUI stores NaN when IS_CHANGED raises, which never equals itself: the node always runs.
            return "nan:" + UUID.randomUUID();
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
