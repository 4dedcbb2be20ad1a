package io.comfyless.core.job;

/**
 * Why a job failed, pointing at the node when ComfyUI said which one. {@code code} is one of
 * {@link Codes}.
 */
public record JobFailure(
        String code, String message, String nodeId, String nodeType, String exceptionType, boolean retryable) {

    public static JobFailure of(String code, String message, boolean retryable) {
        return new JobFailure(code, message, null, null, null, retryable);
    }

    /** Failure codes. */
    public static final class Codes {
        /** A node raised an exception while running. */
        public static final String EXECUTION_ERROR = "EXECUTION_ERROR";
        /** ComfyUI refused the prompt (unknown node, bad input value, missing model file). */
        public static final String PROMPT_REJECTED = "PROMPT_REJECTED";
        /** The job ran longer than its execution timeout. */
        public static final String TIMEOUT = "TIMEOUT";
        /** The runner holding the job stopped renewing its lease. */
        public static final String WORKER_LOST = "WORKER_LOST";
        /** ComfyUI could not be reached or crashed mid-run. */
        public static final String COMFYUI_UNAVAILABLE = "COMFYUI_UNAVAILABLE";
        /** An input file could not be fetched or uploaded to ComfyUI. */
        public static final String INPUT_ERROR = "INPUT_ERROR";
        /** ComfyUI stopped the run without being asked to. */
        public static final String INTERRUPTED = "INTERRUPTED";
        /** A model the workflow loads is neither in the model store nor in ComfyUI's model folders. */
        public static final String MODEL_NOT_FOUND = "MODEL_NOT_FOUND";
        /** A model could not be copied from the store into ComfyUI's model folders (storage, disk). */
        public static final String MODEL_STAGING_FAILED = "MODEL_STAGING_FAILED";

        private Codes() {}
    }
}
