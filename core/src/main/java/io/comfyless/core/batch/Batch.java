package io.comfyless.core.batch;

import java.time.Instant;

/**
 * A batch started from one manifest: where it came from, how far its ingest got, and how many of
 * its jobs have yet to end.
 *
 * @param status    {@code ingesting} while lines are read, {@code running} until every job ended,
 *                  then {@code completed} (the results manifest is written)
 * @param lines     manifest lines read (blank lines excluded); known once ingested
 * @param accepted  jobs created
 * @param rejected  lines refused, with their reasons in the error report
 * @param remaining jobs created and not yet ended
 */
public record Batch(
        String id,
        String tenant,
        String bucket,
        String key,
        String status,
        boolean ingested,
        long lines,
        long accepted,
        long rejected,
        long remaining,
        Instant createdAt,
        Instant completedAt,
        String resultsKey,
        String errorsKey) {

    public static final String INGESTING = "ingesting";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";

    /** A batch whose manifest is about to be read: nothing counted yet. */
    public static Batch begun(String id, BatchSource source, Instant now) {
        return new Batch(
                id,
                source.tenant(),
                source.bucket(),
                source.key(),
                INGESTING,
                false,
                0,
                0,
                0,
                0,
                now,
                null,
                null,
                null);
    }

    /** Every line was read and every job it made has ended: time for the results manifest. */
    public boolean readyToFinish() {
        return ingested && remaining <= 0 && !COMPLETED.equals(status);
    }
}
