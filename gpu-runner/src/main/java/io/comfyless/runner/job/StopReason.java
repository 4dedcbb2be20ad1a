package io.comfyless.runner.job;

/** Why the runner stopped a prompt before ComfyUI finished it; decides what becomes of the job. */
public enum StopReason {
    /** The client cancelled: the job ends cancelled. */
    CANCEL,
    /** It ran past its execution timeout: the job fails with TIMEOUT. */
    TIMEOUT,
    /** The runner is shutting down (SIGTERM, spot notice): the job goes back to the queue, same attempt. */
    DRAIN,
    /** Another runner or the reaper took the job: this runner lets go without writing anything. */
    LEASE_LOST,
    /** ComfyUI crashed or restarted and lost the prompt: the job is retried as its next attempt. */
    COMFYUI_DOWN
}
