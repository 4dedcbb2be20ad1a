package io.comfyless.functions.local;

import io.comfyless.testkit.comfyui.RealComfyUi;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Submission against the live node catalogue of a real ComfyUI (its tree of March 2024, on CPU). */
class DoomedWorkflowsAgainstRealComfyUiIT extends DoomedWorkflowsAtSubmission {

    @Override
    byte[] objectInfo() {
        try (RealComfyUi comfy = RealComfyUi.start()) {
            return HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(
                            HttpRequest.newBuilder(comfy.base().resolve("/object_info"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray())
                    .body();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read /object_info from the real ComfyUI", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** ComfyUI of early 2024 does not report its version. */
    @Override
    String comfyuiVersion() {
        return "unknown";
    }
}
