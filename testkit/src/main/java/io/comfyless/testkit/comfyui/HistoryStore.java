package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** ComfyUI's in-memory history: insertion-ordered, capped at 10,000 entries, gone on restart. */
final class HistoryStore {

    private static final int MAXIMUM_HISTORY_SIZE = 10_000;

    private final LinkedHashMap<String, ObjectNode> entries = new LinkedHashMap<>();

    synchronized void put(String promptId, ObjectNode entry) {
        if (entries.size() > MAXIMUM_HISTORY_SIZE) {
            Iterator<String> oldest = entries.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        entries.put(promptId, entry);
    }

    /** {@code {prompt_id: entry}}, or {@code {}} when unknown. */
    synchronized ObjectNode get(String promptId) {
        ObjectNode result = ComfyUiJson.object();
        ObjectNode entry = entries.get(promptId);
        if (entry != null) {
            result.set(promptId, entry.deepCopy());
        }
        return result;
    }

    /**
     * {@code get_history(max_items, offset)}, oldest first. Without an offset (or a negative one) and with max_items,
     * the newest max_items entries.
     */
    synchronized ObjectNode list(Integer maxItems, int offset) {
        int start = offset < 0 && maxItems != null ? entries.size() - maxItems : offset;
        ObjectNode result = ComfyUiJson.object();
        int index = 0;
        for (Map.Entry<String, ObjectNode> entry : entries.entrySet()) {
            if (index++ < start) {
                continue;
            }
            result.set(entry.getKey(), entry.getValue().deepCopy());
            if (maxItems != null && result.size() >= maxItems) {
                break;
            }
        }
        return result;
    }

    synchronized void clear() {
        entries.clear();
    }

    synchronized void delete(String promptId) {
        entries.remove(promptId);
    }
}
