package io.comfyless.runner;

import io.comfyless.testkit.comfyui.ComfyUiDouble;
import io.comfyless.testkit.comfyui.ComfyUiInstance;
import io.comfyless.testkit.comfyui.NodeTarget;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** The runner's conformance suite against the ComfyUI protocol double. */
class RunnerOnDoubleIT extends RunnerConformance {

    private ComfyUiDouble double0;

    @Override
    ComfyUiInstance startServer() {
        double0 = ComfyUiDouble.start();
        return double0;
    }

    /** A small blur made slow by a fault: quiet and uninterruptible, like ComfyUI's ImageBlur. */
    @Override
    String slowWorkflow(String prefix) {
        double0.faults().delay(NodeTarget.ofClass("ImageBlur"), Duration.ofSeconds(3));
        return blur(64, prefix);
    }

    @AfterEach
    void disarm() {
        double0.faults().clear();
    }
}
