package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/** What a node returns: one value per output slot, and the optional {@code ui} dict an output node reports. */
record NodeOutput(List<Object> values, ObjectNode ui) {

    NodeOutput {
        values = Collections.unmodifiableList(values);
    }

    static NodeOutput of(Object... values) {
        return new NodeOutput(Arrays.asList(values), null);
    }

    /** One output: each item of a batch converted, as ComfyUI's per-image nodes loop over the batch. */
    static <T> NodeOutput each(List<T> batch, Function<? super T, ?> convert) {
        return of(batch.stream().map(convert).toList());
    }

    static NodeOutput ui(ObjectNode ui) {
        return new NodeOutput(List.of(), ui);
    }

    boolean hasUi() {
        return ui != null && ui.size() > 0;
    }
}
