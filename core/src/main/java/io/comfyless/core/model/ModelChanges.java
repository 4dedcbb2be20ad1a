package io.comfyless.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.json.Json;
import io.comfyless.core.webhook.SystemEventType;
import io.comfyless.core.webhook.SystemEvents;

/** Announces changes of the model store ({@code model.updated}: a model was added or deleted) to subscribers. */
public final class ModelChanges {

    private final SystemEvents events;

    public ModelChanges(SystemEvents events) {
        this.events = events;
    }

    public void added(ModelPath path, long sizeBytes) {
        events.publish(SystemEventType.MODEL_UPDATED, change("added", path).put("size_bytes", sizeBytes));
    }

    public void deleted(ModelPath path) {
        events.publish(SystemEventType.MODEL_UPDATED, change("deleted", path));
    }

    private static ObjectNode change(String change, ModelPath path) {
        return Json.object()
                .put("change", change)
                .put("path", path.relative())
                .put("folder", path.folder())
                .put("name", path.name());
    }
}
