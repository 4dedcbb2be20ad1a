package io.comfyless.runner.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the files a prompt produced from its history entry: every list under
 * {@code outputs.<node>} whose items carry a filename ({@code images}, {@code gifs}, {@code videos},
 * {@code audio} of custom nodes alike).
 */
final class OutputFiles {

    record File(String nodeId, int index, String filename, String subfolder, String type) {}

    private OutputFiles() {}

    static List<File> fromHistory(JsonNode entry, boolean includeTemp) {
        List<File> files = new ArrayList<>();
        for (Map.Entry<String, JsonNode> node : (Iterable<Map.Entry<String, JsonNode>>) entry.path("outputs")::fields) {
            int index = 0;
            for (Map.Entry<String, JsonNode> kind : (Iterable<Map.Entry<String, JsonNode>>) node.getValue()::fields) {
                if (!kind.getValue().isArray()) {
                    continue;
                }
                for (JsonNode item : kind.getValue()) {
                    if (!item.hasNonNull("filename")) {
                        continue;
                    }
                    String type = item.path("type").asText("output");
                    if (type.equals("output") || includeTemp && type.equals("temp")) {
                        files.add(new File(
                                node.getKey(),
                                index++,
                                item.get("filename").asText(),
                                item.path("subfolder").asText(""),
                                type));
                    }
                }
            }
        }
        return files;
    }
}
