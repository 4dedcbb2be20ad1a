package io.comfyless.testkit.comfyui;

/** ComfyUI's {@code InterruptProcessingException}: raised at a node boundary or a progress update after an interrupt. */
final class ExecutionInterrupted extends RuntimeException {

    ExecutionInterrupted() {
        super("Processing interrupted", null, false, false);
    }
}
