package io.comfyless.core.worker;

import java.util.Locale;

/**
 * A runner's state, in seed 000's vocabulary, plus {@link #GONE}: never reported by a runner, but
 * derived by {@link WorkerLiveness} for one that stopped reporting.
 */
public enum WorkerState {
    PENDING,
    STARTING,
    RUNNING,
    IDLE,
    TERMINATING,
    FAILED,
    GONE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
