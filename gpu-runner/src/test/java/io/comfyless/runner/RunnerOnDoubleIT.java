package io.comfyless.runner;

import io.comfyless.testkit.comfyui.ComfyUiDouble;
import io.comfyless.testkit.comfyui.ComfyUiInstance;
import io.comfyless.testkit.comfyui.NodeTarget;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** The runner's conformance suite against the ComfyUI protocol double. */
class RunnerOnDoubleIT extends RunnerConformance {

    private ComfyUiDouble comfyDouble;

    @Override
    ComfyUiInstance startServer() {
        comfyDouble = ComfyUiDouble.start();
        return comfyDouble;
    }

    /** A small blur made slow by a fault: quiet and uninterruptible, like ComfyUI's ImageBlur. */
    @Override
    String slowWorkflow(String prefix) {
        comfyDouble.faults().delay(NodeTarget.ofClass("ImageBlur"), Duration.ofSeconds(3));
        return blur(64, prefix);
    }

    @AfterEach
    void disarm() {
        comfyDouble.faults().clear();
    }
}
