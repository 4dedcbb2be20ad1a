package io.comfyless.core.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.contract.Batches;
import io.comfyless.contract.Bucket;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The manifest object a batch comes from, read from S3's "Object Created" event, and the tenant
 * that owns it. The key layout decides the tenant: {@code batches/incoming/<tenant>/<name>.jsonl};
 * a manifest directly under the prefix belongs to {@value Batches#DEFAULT_TENANT}. Who may write
 * under a tenant's folder is therefore who may submit for that tenant (bucket policy and IAM).
 */
public record BatchSource(String bucket, String key, String etag, String versionId, String tenant) {

    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /**
     * Reads an EventBridge S3 event ({@code detail.bucket.name}, {@code detail.object.key/etag/version-id}).
     *
     * @return empty for an object that is not a manifest (wrong prefix or suffix, bad tenant folder)
     */
    public static Optional<BatchSource> fromEvent(JsonNode event) {
        JsonNode detail = event.path("detail");
        String bucket = detail.path("bucket").path("name").asText(null);
        JsonNode object = detail.path("object");
        String key = object.path("key").asText(null);
        if (bucket == null || key == null) {
            return Optional.empty();
        }
        String etag = object.path("etag").asText(object.path("eTag").asText(""));
        String version = object.path("version-id").isTextual()
                ? object.path("version-id").asText()
                : null;
        return of(bucket, key, etag, version);
    }

    public static Optional<BatchSource> of(String bucket, String key, String etag, String versionId) {
        if (!key.startsWith(Bucket.BATCH_INCOMING_PREFIX) || !(key.endsWith(".jsonl") || key.endsWith(".ndjson"))) {
            return Optional.empty();
        }
        String rest = key.substring(Bucket.BATCH_INCOMING_PREFIX.length());
        int slash = rest.indexOf('/');
        String tenant = slash < 0 ? Batches.DEFAULT_TENANT : rest.substring(0, slash);
        if (!TENANT.matcher(tenant).matches()) {
            return Optional.empty();
        }
        return Optional.of(new BatchSource(bucket, key, etag == null ? "" : etag.replace("\"", ""), versionId, tenant));
    }
}
