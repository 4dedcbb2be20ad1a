package io.comfyless.core.webhook;

import io.comfyless.core.job.JobStore;
import io.comfyless.core.job.Notification;

/**
 * Which secret signs a delivery: the job's own {@code webhook_secret} when it was submitted with
 * one, otherwise the tenant's (created on first use, readable at {@code GET /v1/webhooks/secret}).
 * Every delivery is therefore signed.
 */
public final class SigningKeys {

    private final JobStore jobs;
    private final WebhookSecrets tenantSecrets;

    public SigningKeys(JobStore jobs, WebhookSecrets tenantSecrets) {
        this.jobs = jobs;
        this.tenantSecrets = tenantSecrets;
    }

    public String secretFor(WebhookMessage message) {
        if (message.jobId() == null) {
            return tenantSecrets.getOrCreate(message.tenant());
        }
        return jobs.find(message.jobId())
                .map(job -> job.notification())
                .map(Notification::webhookSecret)
                .filter(secret -> !secret.isBlank())
                .orElseGet(() -> tenantSecrets.getOrCreate(message.tenant()));
    }
}
