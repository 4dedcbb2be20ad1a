package io.comfyless.core.batch;

import io.comfyless.contract.Bucket;
import io.comfyless.core.error.ForbiddenException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.job.IdGenerator;
import io.comfyless.core.storage.BlobStore;
import io.comfyless.core.storage.StoredObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * Starts a batch from a manifest sent through the API rather than uploaded to the bucket: the manifest
 * is written under the tenant's incoming folder, where the bucket's own event starts the ingest as for
 * any upload, and the batch record is begun at once under the id that ingest derives from the same
 * object, so the caller can follow the batch from the first second. The ingest finds the record and
 * carries on; nothing is created twice.
 */
public final class BatchUploads {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final String DEFAULT_NAME = "manifest";

    private final BlobStore blobs;
    private final BatchStore store;
    private final String bucket;
    private final IdGenerator ids;
    private final Clock clock;

    public BatchUploads(BlobStore blobs, BatchStore store, String bucket, IdGenerator ids, Clock clock) {
        this.blobs = blobs;
        this.store = store;
        this.bucket = bucket;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * @param name     a label for the manifest's key; null for a default
     * @param manifest JSONL, one {@code POST /v1/workflows/execute} body per line; lines are checked by
     *                 the ingest, which reports bad ones by number
     */
    public Batch start(String tenant, String name, String manifest) {
        if (manifest == null || manifest.isBlank()) {
            throw ValidationException.of(
                    "REQUIRED_FIELD", "manifest", "manifest is required: one job request per line (JSONL)");
        }
        String label = name == null ? DEFAULT_NAME : name;
        if (!NAME.matcher(label).matches()) {
            throw ValidationException.of(
                    "INVALID_VALUE", "name", "name may have 1 to 64 letters, digits, '.', '_' and '-'");
        }
        String key = Bucket.BATCH_INCOMING_PREFIX + tenant + "/" + label + "-" + ids.randomHex(6) + ".jsonl";
        if (BatchSource.of(bucket, key, "", null).isEmpty()) {
            throw new ForbiddenException("This account's tenant id cannot name a manifest folder; upload"
                    + " manifests to the bucket instead (see the README's Batches section)");
        }
        StoredObject stored = blobs.put(key, manifest.getBytes(StandardCharsets.UTF_8), "application/x-ndjson");
        BatchSource source =
                BatchSource.of(bucket, key, stored.etag(), stored.versionId()).orElseThrow();
        return store.begin(Batch.begun(BatchIds.batchId(source), source, clock.instant()));
    }
}
