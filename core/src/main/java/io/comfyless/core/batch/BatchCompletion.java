package io.comfyless.core.batch;

import io.comfyless.core.events.JobChange;
import io.comfyless.core.events.JobEvents;
import io.comfyless.core.job.Job;

/**
 * Notices the end of batches. Every job of a batch that ends is counted into its batch once (the
 * line item's {@code done} flag and the batch's {@code remaining} counter change in one
 * transaction), so the batch learns it is finished from its last job, with no sweeper and no
 * polling: a counter beats a periodic scan of the batch index, which would cost a query per open
 * batch per minute and finish batches a minute late.
 *
 * <p>Runs as a {@link JobEvents} listener after the job's own transition; a process that dies in
 * between leaves its batch one short (status running, remaining 1). {@link #recount} repairs it.
 */
public final class BatchCompletion implements JobEvents {

    private final BatchStore store;
    private final BatchFinisher finisher;

    public BatchCompletion(BatchStore store, BatchFinisher finisher) {
        this.store = store;
        this.finisher = finisher;
    }

    @Override
    public void changed(JobChange change) {
        if (change.ended() && change.job().batchId() != null) {
            store.jobEnded(change.job().batchId(), change.job()).ifPresent(finisher::finishIfDone);
        }
    }

    /**
     * Counts in every ended job the batch has not counted yet (reading the jobs themselves), then
     * finishes the batch if that was all it lacked. Idempotent; for operators and sweeps.
     */
    public void recount(String batchId, Iterable<Job> jobsOfBatch) {
        for (Job job : jobsOfBatch) {
            if (job.status().isTerminal()) {
                store.jobEnded(batchId, job);
            }
        }
        store.find(batchId).ifPresent(finisher::finishIfDone);
    }
}
