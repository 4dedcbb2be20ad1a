package io.comfyless.core.job;

/**
 * A client's {@code X-Request-ID} and a hash of the request it came with: the same key and body
 * give the same job, the same key with another body is a conflict.
 */
public record Idempotency(String key, String requestHash) {}
