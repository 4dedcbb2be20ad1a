package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.testkit.fixtures.SharedFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What was recorded from ComfyUI 0.8.0 (the version runners pin) in the shared folder's {@code comfyui/0.8.0/}: its
 * full {@code /object_info} and its {@code /system_stats}. Read once, when first asked for; empty where the shared
 * folder is absent (a clone without it), and the double then describes its nodes from their own schemas.
 */
public final class Recorded080 {

    public static final String OBJECT_INFO = "comfyui/0.8.0/object_info.json";
    public static final String SYSTEM_STATS = "comfyui/0.8.0/system_stats.json";

    private static volatile Optional<ObjectNode> objectInfo;
    private static volatile Optional<ObjectNode> systemStats;

    private Recorded080() {}

    /** All 567 node types of a ComfyUI 0.8.0 without custom nodes, as its {@code GET /object_info} answered. */
    public static Optional<ObjectNode> objectInfo() {
        if (objectInfo == null) {
            objectInfo = read(OBJECT_INFO);
        }
        return objectInfo.map(ObjectNode::deepCopy);
    }

    /** Its {@code GET /system_stats}. */
    public static Optional<ObjectNode> systemStats() {
        if (systemStats == null) {
            systemStats = read(SYSTEM_STATS);
        }
        return systemStats.map(ObjectNode::deepCopy);
    }

    private static Optional<ObjectNode> read(String relative) {
        return SharedFolder.file(relative).map(Recorded080::parse);
    }

    private static ObjectNode parse(Path file) {
        try {
            JsonNode json = ComfyUiJson.MAPPER.readTree(file.toFile());
            return (ObjectNode) json;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
