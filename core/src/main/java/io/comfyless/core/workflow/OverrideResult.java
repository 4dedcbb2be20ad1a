package io.comfyless.core.workflow;

import java.util.Optional;

/**
 * A workflow after {@code input_overrides}, with the seed it will run with when one can be told
 * (set explicitly, drawn for {@code -1}, or read from the graph).
 */
public record OverrideResult(Workflow workflow, Optional<Long> seed) {}
