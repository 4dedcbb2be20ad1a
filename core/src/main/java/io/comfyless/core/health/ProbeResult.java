package io.comfyless.core.health;

/**
 * How one dependency answered (seed 001's {@code services[]} entry).
 *
 * @param error null when healthy
 */
public record ProbeResult(String name, boolean healthy, double responseTimeMs, String error) {

    public String status() {
        return healthy ? "healthy" : "unhealthy";
    }
}
