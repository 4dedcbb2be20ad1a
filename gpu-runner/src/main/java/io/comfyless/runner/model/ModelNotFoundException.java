package io.comfyless.runner.model;

/** A workflow loads a model that neither the model store nor ComfyUI's model folders hold. */
public final class ModelNotFoundException extends RuntimeException {

    public ModelNotFoundException(String message) {
        super(message, null, false, false);
    }
}
