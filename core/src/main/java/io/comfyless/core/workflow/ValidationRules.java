package io.comfyless.core.workflow;

import io.comfyless.contract.Settings;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Limits a workflow must respect before any GPU time is paid for (seed 002, section 5.1).
 * Seeds and colours are exempt from {@code maxNumericValue}: ComfyUI seeds are 64-bit, colours 24-bit.
 */
public record ValidationRules(
        int maxNodes,
        int maxConnections,
        int maxStringLength,
        long maxNumericValue,
        Set<String> deniedNodeTypes,
        Set<String> allowedNodeTypes) {

    public static final String ALLOWLIST_ENV = "COMFYLESS_NODE_ALLOWLIST";
    public static final String MAX_NODES_ENV = "COMFYLESS_MAX_NODES";

    public ValidationRules {
        deniedNodeTypes = Set.copyOf(deniedNodeTypes);
        allowedNodeTypes = Set.copyOf(allowedNodeTypes);
    }

    public static ValidationRules defaults() {
        return new ValidationRules(100, 500, 10_000, 1_000_000, Set.of("ExecuteCode", "SystemCommand"), Set.of());
    }

    /** Defaults, overridden by {@code COMFYLESS_NODE_DENYLIST}, {@code COMFYLESS_NODE_ALLOWLIST}, {@code COMFYLESS_MAX_NODES}. */
    public static ValidationRules from(Function<String, String> env) {
        ValidationRules defaults = defaults();
        String denied = env.apply(Settings.NODE_DENYLIST);
        String allowed = env.apply(ALLOWLIST_ENV);
        String maxNodes = env.apply(MAX_NODES_ENV);
        return new ValidationRules(
                maxNodes == null || maxNodes.isBlank() ? defaults.maxNodes() : Integer.parseInt(maxNodes.trim()),
                defaults.maxConnections(),
                defaults.maxStringLength(),
                defaults.maxNumericValue(),
                denied == null ? defaults.deniedNodeTypes() : csv(denied),
                allowed == null ? defaults.allowedNodeTypes() : csv(allowed));
    }

    public boolean permits(String classType) {
        return !deniedNodeTypes.contains(classType)
                && (allowedNodeTypes.isEmpty() || allowedNodeTypes.contains(classType));
    }

    private static Set<String> csv(String value) {
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }
}
