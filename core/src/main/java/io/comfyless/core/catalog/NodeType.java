package io.comfyless.core.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A node class ComfyUI has: its inputs by name, required first, and the types of its outputs in order. */
public record NodeType(
        String classType, Map<String, NodeInput> required, Map<String, NodeInput> optional, List<String> outputs) {

    public NodeType {
        required = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(required));
        optional = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(optional));
        outputs = List.copyOf(outputs);
    }

    /** A declared input, required or optional. */
    public Optional<NodeInput> input(String name) {
        NodeInput input = required.get(name);
        return Optional.ofNullable(input != null ? input : optional.get(name));
    }
}
