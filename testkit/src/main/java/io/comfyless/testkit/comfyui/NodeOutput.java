package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** What a node returns: one value per output slot, and the optional {@code ui} dict an output node reports. */
record NodeOutput(List<Object> values, ObjectNode ui) {

    NodeOutput {
        values = Collections.unmodifiableList(values);
    }

    static NodeOutput of(Object... values) {
        return new NodeOutput(Arrays.asList(values), null);
    }

    static NodeOutput ui(ObjectNode ui) {
        return new NodeOutput(List.of(), ui);
    }

    boolean hasUi() {
        return ui != null && ui.size() > 0;
    }
}
