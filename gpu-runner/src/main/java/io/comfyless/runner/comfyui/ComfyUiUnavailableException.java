package io.comfyless.runner.comfyui;

/** ComfyUI did not answer, or answered with a server error: the job may succeed elsewhere or later. */
public final class ComfyUiUnavailableException extends RuntimeException {

    public ComfyUiUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
