package io.comfyless.core.batch;

import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable batch state: the batch record (doubling as the manifest's de-duplication record), one
 * item per job line (its line number and, once the job ended, its result) and one per bad line.
 */
public interface BatchStore {

    /** Stores {@code fresh} unless the batch exists; returns what is stored either way. */
    Batch begin(Batch fresh);

    Optional<Batch> find(String batchId);

    /**
     * Creates the lines' jobs that do not exist yet, with their line items, and counts them into
     * the batch, atomically per call (at most {@link #MAX_LINES_PER_WRITE} lines). Jobs that exist
     * already (a resumed ingest) are left untouched, neither overwritten nor counted twice.
     *
     * @return the jobs this call created
     */
    List<Job> createJobs(String batchId, List<BatchLine> lines);

    int MAX_LINES_PER_WRITE = 25;

    void recordErrors(String batchId, List<BatchLineError> errors);

    /** Records that every line was read; the batch moves from ingesting to running. */
    Batch markIngested(String batchId, long lines, long rejected, String errorsKey, Instant now);

    /**
     * Counts a job of the batch as ended, once: the line records the result and the batch's
     * remaining count drops by one, in one transaction.
     *
     * @return the batch after the change; empty if this job was already counted or is no line of it
     */
    Optional<Batch> jobEnded(String batchId, Job ended);

    /** Wins the right to write the results manifest: true for exactly one caller per batch. */
    boolean claimCompletion(String batchId, String resultsKey, Instant now);

    /** Gives the claim back after the manifest could not be written, so a later call may try again. */
    void releaseCompletion(String batchId);

    List<BatchLineResult> results(String batchId);

    List<BatchLineError> errors(String batchId, int limit);

    /** Jobs of the batch by status, from the jobs table's batch index (may lag writes by a second). */
    Map<JobStatus, Long> countByStatus(String batchId);
}
