package io.comfyless.functions;

import io.comfyless.core.batch.Batch;
import io.comfyless.core.batch.BatchIngest;
import io.comfyless.core.batch.BatchSource;
import io.comfyless.core.json.Json;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch Lambda, invoked by the EventBridge rule on S3 "Object Created" events under
 * {@code batches/incoming/}. The event arrives as EventBridge delivers it (a JSON object, read as a
 * map); an object that is not a manifest is ignored. An exception lets Lambda retry the async
 * invocation, which resumes the ingest without duplicating anything.
 */
public final class BatchFunction implements Function<Map<String, Object>, Map<String, Object>> {

    private static final Logger log = LoggerFactory.getLogger(BatchFunction.class);

    private final BatchIngest ingest;

    public BatchFunction(BatchIngest ingest) {
        this.ingest = ingest;
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> event) {
        Optional<BatchSource> source = BatchSource.fromEvent(Json.tree(event));
        if (source.isEmpty()) {
            log.warn("Ignored an event that names no batch manifest: {}", Json.write(event.get("detail")));
            return Map.of("ignored", true);
        }
        Batch batch = ingest.ingest(source.get());
        return Map.of(
                "batch_id",
                batch.id(),
                "status",
                batch.status(),
                "jobs",
                batch.accepted(),
                "rejected",
                batch.rejected());
    }
}
