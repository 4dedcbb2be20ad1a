package io.comfyless.core.webhook;

/**
 * Each tenant's webhook signing secret, used for jobs submitted without their own
 * {@code notification_config.webhook_secret}. Created on first use, so a tenant never receives
 * an unsigned webhook; the tenant reads it through {@code GET /v1/webhooks/secret}.
 */
public interface WebhookSecrets {

    /** The tenant's secret, creating it if the tenant has none yet. */
    String getOrCreate(String tenant);
}
