package io.comfyless.core.storage;

/** What a put left in the store: where, how big, and the SHA-256 of the bytes. */
public record StoredObject(String key, long sizeBytes, String contentType, String sha256) {}
