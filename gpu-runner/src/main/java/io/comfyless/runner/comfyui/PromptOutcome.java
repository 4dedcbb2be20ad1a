package io.comfyless.runner.comfyui;

/** How a prompt ended in ComfyUI. */
public sealed interface PromptOutcome {

    record Succeeded() implements PromptOutcome {}

    record Failed(String nodeId, String nodeType, String exceptionType, String message) implements PromptOutcome {}

    record Interrupted(String nodeId, String nodeType) implements PromptOutcome {}
}
