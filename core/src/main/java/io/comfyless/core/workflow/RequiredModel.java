package io.comfyless.core.workflow;

import io.comfyless.core.model.ModelPath;
import java.util.List;
import java.util.Optional;

/**
 * A model file a workflow loads: the folder its loader reads from, the name the workflow gives,
 * and the nodes that load it.
 */
public record RequiredModel(String folder, String name, List<String> nodeIds) {

    public RequiredModel {
        nodeIds = List.copyOf(nodeIds);
    }

    /** The file in the store and on disk; empty when the name could escape its folder ({@code ../x}). */
    public Optional<ModelPath> path() {
        return ModelPath.parse(folder, name);
    }

    /** {@code folder/name}, for messages. */
    public String relative() {
        return folder + "/" + name;
    }
}
