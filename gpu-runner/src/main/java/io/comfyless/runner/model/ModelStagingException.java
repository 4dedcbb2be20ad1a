package io.comfyless.runner.model;

/**
 * A model exists but could not be made present: the store or the disk failed ({@link #retryable()}:
 * another attempt, perhaps on another runner, may succeed), or the model cannot fit the cache at all.
 */
public final class ModelStagingException extends RuntimeException {

    private final boolean retryable;

    public ModelStagingException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
