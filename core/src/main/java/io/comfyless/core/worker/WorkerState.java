package io.comfyless.core.worker;

import java.util.Locale;

/** A runner's state, in seed 000's vocabulary. */
public enum WorkerState {
    PENDING,
    STARTING,
    RUNNING,
    IDLE,
    TERMINATING,
    FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
