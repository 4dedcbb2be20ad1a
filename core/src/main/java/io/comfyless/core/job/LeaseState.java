package io.comfyless.core.job;

/** The answer to a lease renewal: whether the runner still holds the job, and whether to stop. */
public record LeaseState(boolean held, boolean cancelRequested) {

    public static final LeaseState LOST = new LeaseState(false, false);
}
