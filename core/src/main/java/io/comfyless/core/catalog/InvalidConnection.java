package io.comfyless.core.catalog;

/**
 * A link that cannot work: into an input of another type, or from an output the source node lacks. Named as the
 * {@code invalid_connections} entries of a 400 answer show it.
 *
 * @param fromType the type the source output gives, or null when it has no such output
 */
public record InvalidConnection(
        String fromNode,
        int fromOutput,
        String fromType,
        String toNode,
        String toInput,
        String expectedType,
        String error) {}
