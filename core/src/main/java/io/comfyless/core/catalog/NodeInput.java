package io.comfyless.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * One input of a node type, as ComfyUI's {@code /object_info} declares it.
 *
 * @param kind        what it takes
 * @param socketTypes for {@link Kind#SOCKET}: the types a link may bring ({@code "IMAGE"}, or a comma list)
 * @param choices     for {@link Kind#COMBO}: the values ComfyUI lists (file lists hold what that ComfyUI sees)
 * @param uploads     for {@link Kind#COMBO}: values may be files that arrive with the job (LoadImage and the like)
 * @param min         the smallest number allowed, or null
 * @param max         the largest number allowed, or null
 */
public record NodeInput(
        String name,
        Kind kind,
        Set<String> socketTypes,
        List<JsonNode> choices,
        boolean uploads,
        BigDecimal min,
        BigDecimal max) {

    public NodeInput {
        socketTypes = Set.copyOf(socketTypes);
        choices = List.copyOf(choices);
    }

    /** What an input takes. */
    public enum Kind {
        INT,
        FLOAT,
        STRING,
        BOOLEAN,
        COMBO,
        /** A link from another node's output; literal values are not checked. */
        SOCKET,
        /** A dynamic input of ComfyUI's newer node schema (templates, auto-grow lists): not checked. */
        DYNAMIC
    }
}
