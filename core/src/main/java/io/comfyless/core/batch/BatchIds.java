package io.comfyless.core.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic ids, the base of exactly-once ingestion: the same manifest object (bucket, key and
 * version or ETag) always gives the same batch id, and line n of it always the same execution id.
 * A redelivered S3 event or a resumed ingest therefore finds what it already made instead of
 * making it again. Uploading changed content under the same key is a new object and a new batch.
 */
public final class BatchIds {

    private BatchIds() {}

    public static String batchId(BatchSource source) {
        String version =
                source.versionId() != null && !source.versionId().isBlank() && !"null".equals(source.versionId())
                        ? "v:" + source.versionId()
                        : "e:" + source.etag();
        return "batch_" + hash(source.bucket() + "\n" + source.key() + "\n" + version);
    }

    /** Same shape as every execution id ({@code exec_} and 20 hex digits). */
    public static String jobId(String batchId, long line) {
        return "exec_" + hash(batchId + "#" + line);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
