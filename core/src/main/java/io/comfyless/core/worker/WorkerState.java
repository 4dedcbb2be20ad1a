package io.comfyless.core.worker;

import java.util.Locale;

/**
 * A runner's state, in seed 000's vocabulary, plus {@code comfyui_unavailable}: the runner is alive but cannot reach
 * its ComfyUI, so it takes no work.
 */
public enum WorkerState {
    PENDING,
    STARTING,
    RUNNING,
    IDLE,
    COMFYUI_UNAVAILABLE,
    TERMINATING,
    FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
