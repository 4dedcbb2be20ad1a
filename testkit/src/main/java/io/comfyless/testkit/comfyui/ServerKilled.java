package io.comfyless.testkit.comfyui;

/** Unwinds the worker after a simulated crash: nothing more is sent or recorded, as if the process had died. */
final class ServerKilled extends RuntimeException {

    ServerKilled() {
        super("ComfyUI double crashed", null, false, false);
    }
}
