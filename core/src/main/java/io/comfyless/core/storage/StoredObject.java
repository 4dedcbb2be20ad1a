package io.comfyless.core.storage;

/**
 * What a put left in the store: where, how big, the SHA-256 of the bytes, and the object's ETag and
 * version as S3 reports them (the version is null in an unversioned bucket), which is how S3's own
 * events name the object.
 */
public record StoredObject(
        String key, long sizeBytes, String contentType, String sha256, String etag, String versionId) {}
