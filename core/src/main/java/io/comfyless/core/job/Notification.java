package io.comfyless.core.job;

/**
 * Where to tell the client about a job. The secret signs webhook bodies; it is stored with the job
 * (encrypted at rest) and never returned by the API or written to logs.
 */
public record Notification(String webhookUrl, String webhookSecret, boolean includeProgress) {

    @Override
    public String toString() {
        return "Notification[webhookUrl=" + webhookUrl + ", webhookSecret=" + (webhookSecret == null ? "none" : "***")
                + ", includeProgress=" + includeProgress + "]";
    }
}
