package io.comfyless.core.worker;

/**
 * How the ComfyUI beside a runner answered the runner's last probe ({@code GET /system_stats}).
 *
 * @param responseTimeMs null when it did not answer
 * @param error          why it did not answer; null when it did, or when it was never probed
 */
public record ComfyUiHealth(boolean reachable, Double responseTimeMs, String error) {

    /** A runner that has not probed its ComfyUI (or does not report probes). */
    public static final ComfyUiHealth UNKNOWN = new ComfyUiHealth(false, null, null);

    /** Probed and not answering. */
    public boolean down() {
        return !reachable && error != null;
    }

    public String status() {
        return reachable ? "healthy" : down() ? "unhealthy" : "unknown";
    }
}
