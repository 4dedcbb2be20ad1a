package io.comfyless.core.tenant;
/** An active key that matched a presented one, with the tenant (and so the tier) it acts for. */
public record VerifiedApiKey(ApiKey key, Tenant tenant) {}
