package io.comfyless.runner;

import io.comfyless.testkit.comfyui.ComfyUiInstance;
import io.comfyless.testkit.comfyui.RealComfyUi;

/** The runner's conformance suite against a real ComfyUI on CPU (ComfyUI of March 2024). */
class RunnerOnRealComfyUiIT extends RunnerConformance {

    @Override
    ComfyUiInstance startServer() {
        return RealComfyUi.start();
    }

    /** A 1024x1024 blur of radius 31: seconds of convolution on CPU. */
    @Override
    String slowWorkflow(String prefix) {
        return blur(1024, prefix);
    }
}
