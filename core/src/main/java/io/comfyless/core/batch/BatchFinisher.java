package io.comfyless.core.batch;

import io.comfyless.contract.Bucket;
import io.comfyless.core.json.Json;
import io.comfyless.core.storage.BlobStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a finished batch's results manifest, {@code batches/results/<batch_id>.jsonl}: one line
 * per job (line number, execution id, status, output keys or error), in manifest order. Called by
 * whoever saw the batch become finished (the last job to end, or the ingest when every job ended
 * before it did); a conditional claim on the batch record lets exactly one of them write.
 */
public final class BatchFinisher {

    private static final Logger log = LoggerFactory.getLogger(BatchFinisher.class);

    private final BatchStore store;
    private final BlobStore blobs;
    private final Clock clock;

    public BatchFinisher(BatchStore store, BlobStore blobs, Clock clock) {
        this.store = store;
        this.blobs = blobs;
        this.clock = clock;
    }

    public static String resultsKey(String batchId) {
        return Bucket.BATCH_RESULTS_PREFIX + batchId + ".jsonl";
    }

    /** @return whether this call wrote the results manifest */
    public boolean finishIfDone(Batch batch) {
        if (!batch.readyToFinish()) {
            return false;
        }
        String key = resultsKey(batch.id());
        if (!store.claimCompletion(batch.id(), key, clock.instant())) {
            return false;
        }
        try {
            StringBuilder manifest = new StringBuilder();
            for (BatchLineResult result : store.results(batch.id())) {
                manifest.append(Json.write(result)).append('\n');
            }
            blobs.put(key, manifest.toString().getBytes(StandardCharsets.UTF_8), "application/x-ndjson");
        } catch (RuntimeException e) {
            // Give the claim back so that a later call can write it; the batch stays running meanwhile.
            store.releaseCompletion(batch.id());
            throw e;
        }
        log.info("Batch {} completed: results in {}", batch.id(), key);
        return true;
    }
}
