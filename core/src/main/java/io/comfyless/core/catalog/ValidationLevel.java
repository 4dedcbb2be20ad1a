package io.comfyless.core.catalog;

import java.util.Locale;

/**
 * How far a workflow was checked at submission: its structure only (no runner has published a node catalogue yet,
 * as on a new stack), or also against the node types and models of the runners' ComfyUI.
 */
public enum ValidationLevel {
    STRUCTURAL,
    CATALOG;

    /** As answers carry it: {@code "validation": "structural"}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
