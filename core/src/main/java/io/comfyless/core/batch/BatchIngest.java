package io.comfyless.core.batch;

import io.comfyless.contract.Bucket;
import io.comfyless.core.error.ApiException;
import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.RateLimitedException;
import io.comfyless.core.events.JobChange;
import io.comfyless.core.events.JobEvents;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobRequest;
import io.comfyless.core.job.JobRequestParser;
import io.comfyless.core.job.Lane;
import io.comfyless.core.job.LogEntry;
import io.comfyless.core.json.Json;
import io.comfyless.core.queue.JobQueue;
import io.comfyless.core.queue.QueueMessage;
import io.comfyless.core.storage.BlobStore;
import io.comfyless.core.tenant.TenantLimits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a JSONL manifest into jobs sharing one batch id. Each line is a job request of the same
 * shape as {@code POST /v1/workflows/execute}, parsed by the same {@link JobRequestParser}; a line
 * that does not parse is recorded with its line number and the others still run.
 *
 * <p>Every line counts against the tenant's tier like a submission does (unfinished jobs, this
 * month's executions): a line over a limit is reported as a bad line with the limit's code.
 *
 * <p>Exactly once, even when S3's event arrives twice or an ingest dies halfway: the batch id and
 * every job id are derived from the manifest object and line number, the batch record is created
 * conditionally, and jobs are created conditionally in chunks (see {@link BatchStore#createJobs}).
 * A repeat of a finished ingest does nothing; a repeat of a half-done one creates only the missing
 * jobs and re-sends the queue messages of the ones it found (a duplicate message is harmless: a
 * runner's claim is conditional on the job being pending at that attempt).
 */
public final class BatchIngest {

    private static final Logger log = LoggerFactory.getLogger(BatchIngest.class);
    /** A line may be as large as an API request body. */
    static final int MAX_LINE_CHARS = 256 * 1024;
    /** Keeps one chunk's transaction well under DynamoDB's 4 MB. */
    private static final int MAX_CHUNK_CHARS = 1_000_000;

    private static final int ERRORS_PER_WRITE = 100;

    private final BatchStore store;
    private final BlobStore blobs;
    private final JobRequestParser parser;
    private final JobQueue queue;
    private final JobEvents events;
    private final BatchFinisher finisher;
    private final TenantLimits limits;
    private final Clock clock;

    public BatchIngest(
            BatchStore store,
            BlobStore blobs,
            JobRequestParser parser,
            JobQueue queue,
            JobEvents events,
            BatchFinisher finisher,
            TenantLimits limits,
            Clock clock) {
        this.store = store;
        this.blobs = blobs;
        this.parser = parser;
        this.queue = queue;
        this.events = events;
        this.finisher = finisher;
        this.limits = limits;
        this.clock = clock;
    }

    public Batch ingest(BatchSource source) {
        Instant now = clock.instant();
        String batchId = BatchIds.batchId(source);
        Batch batch = store.begin(Batch.begun(batchId, source, now));
        if (batch.ingested()) {
            log.info("Manifest {} was already ingested as {}; nothing to do", source.key(), batchId);
            return batch;
        }
        Counts counts = new Counts();
        Optional<InputStream> manifest = blobs.open(source.key());
        if (manifest.isEmpty()) {
            log.warn("Manifest {} is gone; batch {} ends empty", source.key(), batchId);
        } else {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(manifest.get(), StandardCharsets.UTF_8))) {
                readLines(reader, batchId, source.tenant(), now, counts);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read manifest " + source.key(), e);
            }
        }
        String errorsKey = counts.rejected > 0 ? writeErrorReport(batchId) : null;
        Batch ingested = store.markIngested(batchId, counts.lines, counts.rejected, errorsKey, clock.instant());
        log.info(
                "Batch {} from {}: {} lines, {} jobs created now, {} rejected",
                batchId,
                source.key(),
                counts.lines,
                counts.created,
                counts.rejected);
        finisher.finishIfDone(ingested);
        return ingested;
    }

    private void readLines(BufferedReader reader, String batchId, String tenant, Instant now, Counts counts)
            throws IOException {
        List<BatchLine> chunk = new ArrayList<>();
        List<BatchLineError> errors = new ArrayList<>();
        long chunkChars = 0;
        long number = 0;
        for (String text = reader.readLine(); text != null; text = reader.readLine()) {
            number++;
            if (text.isBlank()) {
                continue;
            }
            counts.lines++;
            Optional<BatchLine> line = parse(batchId, tenant, number, text, now, errors);
            if (line.isPresent()) {
                chunk.add(line.get());
                chunkChars += text.length();
            }
            if (chunk.size() == BatchStore.MAX_LINES_PER_WRITE || chunkChars > MAX_CHUNK_CHARS) {
                counts.created += flush(batchId, tenant, chunk, now, errors);
                chunk.clear();
                chunkChars = 0;
            }
            if (errors.size() >= ERRORS_PER_WRITE) {
                counts.rejected += errors.size();
                store.recordErrors(batchId, errors);
                errors.clear();
            }
        }
        counts.created += flush(batchId, tenant, chunk, now, errors);
        counts.rejected += errors.size();
        store.recordErrors(batchId, errors);
    }

    private Optional<BatchLine> parse(
            String batchId, String tenant, long number, String text, Instant now, List<BatchLineError> errors) {
        if (text.length() > MAX_LINE_CHARS) {
            errors.add(new BatchLineError(
                    number,
                    ErrorCodes.LINE_TOO_LONG,
                    "Line " + number + " has " + text.length() + " characters; at most " + MAX_LINE_CHARS
                            + " are allowed",
                    List.of()));
            return Optional.empty();
        }
        try {
            JobRequest request = parser.parseExecution(tenant, Json.parse(text, "line " + number), Map.of());
            return Optional.of(new BatchLine(number, newJob(batchId, number, tenant, request, now)));
        } catch (ApiException refused) {
            String code = refused.details().isEmpty()
                    ? ErrorCodes.INVALID_REQUEST
                    : refused.details().get(0).code();
            errors.add(new BatchLineError(number, code, refused.getMessage(), refused.details()));
            return Optional.empty();
        }
    }

    /**
     * Counts the chunk's lines against the tenant's limits (a line over a limit becomes a bad line),
     * creates the missing jobs, takes back the count of lines whose job existed already, and queues
     * every job that is new or may have missed its message.
     */
    private int flush(String batchId, String tenant, List<BatchLine> lines, Instant now, List<BatchLineError> errors) {
        List<BatchLine> chunk = new ArrayList<>();
        Map<String, TenantLimits.Admission> admissions = new HashMap<>();
        for (BatchLine line : lines) {
            try {
                admissions.put(line.job().id(), limits.admit(tenant, Optional::empty));
                chunk.add(line);
            } catch (RateLimitedException over) {
                errors.add(new BatchLineError(
                        line.line(), over.details().get(0).code(), over.getMessage(), over.details()));
            }
        }
        if (chunk.isEmpty()) {
            return 0;
        }
        List<Job> created;
        try {
            created = store.createJobs(batchId, chunk);
        } catch (RuntimeException e) {
            admissions.values().forEach(limits::withdraw);
            throw e;
        }
        Set<String> createdIds = created.stream().map(Job::id).collect(Collectors.toCollection(HashSet::new));
        admissions.forEach((jobId, admission) -> {
            if (!createdIds.contains(jobId)) {
                limits.withdraw(admission);
            }
        });
        Map<Lane, List<QueueMessage>> messages = new EnumMap<>(Lane.class);
        for (BatchLine line : chunk) {
            // Found rather than created: an earlier ingest died between its write and its send.
            messages.computeIfAbsent(line.job().lane(), lane -> new ArrayList<>())
                    .add(QueueMessage.of(line.job()));
        }
        messages.forEach(queue::sendAll);
        events.changedAll(
                created.stream().map(job -> new JobChange(job, null, now)).toList());
        if (createdIds.size() < chunk.size()) {
            log.info(
                    "Batch {}: {} of {} jobs in this chunk existed already (resumed ingest)",
                    batchId,
                    chunk.size() - createdIds.size(),
                    chunk.size());
        }
        return created.size();
    }

    private String writeErrorReport(String batchId) {
        String key = Bucket.BATCH_RESULTS_PREFIX + batchId + ".errors.jsonl";
        StringBuilder report = new StringBuilder();
        for (BatchLineError error : store.errors(batchId, Integer.MAX_VALUE)) {
            report.append(Json.write(error)).append('\n');
        }
        blobs.put(key, report.toString().getBytes(StandardCharsets.UTF_8), "application/x-ndjson");
        return key;
    }

    private static Job newJob(String batchId, long line, String tenant, JobRequest request, Instant now) {
        return request.toJob(BatchIds.jobId(batchId, line), tenant, now)
                .batchId(batchId)
                .logs(List.of(LogEntry.info(now, "submitted", "Line " + line + " of batch " + batchId)))
                .build();
    }

    private static final class Counts {
        long lines;
        long created;
        long rejected;
    }
}
