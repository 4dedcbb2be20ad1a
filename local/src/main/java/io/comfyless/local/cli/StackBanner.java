package io.comfyless.local.cli;

import io.comfyless.contract.Bucket;
import io.comfyless.local.stack.LocalStack;
import java.io.PrintStream;

/** What `up` and `demo` say about the running stack, including whether ComfyUI is real. */
final class StackBanner {

    private StackBanner() {}

    static void print(LocalStack stack, int runners, PrintStream out) {
        out.println("  API          " + stack.apiUrl());
        out.println("  live         " + stack.liveUrl() + " (WebSocket: subscribe to jobs, batches and channels)");
        out.println("  console      "
                + stack.consoleUrl()
                        .map(Object::toString)
                        .orElse("not in this build (./comfyless build includes it; needs Node.js and npm)"));
        out.println("  AWS          " + stack.awsEndpoint() + " (emulated: DynamoDB, SQS, S3, EventBridge)");
        out.println("  bucket       " + stack.resources().get(Bucket.ENV_VAR));
        out.println("  runners      " + runners);
        if (stack.usingDouble()) {
            out.println("  ComfyUI      " + stack.comfyuiUrl()
                    + " — the ComfyUI PROTOCOL DOUBLE: it runs only model-free nodes");
            out.println("               (EmptyImage, ImageInvert, ImageScale, ImageBlur, LoadImage, SaveImage, ...).");
            out.println("               Pass --comfyui http://host:8188 to drive a real ComfyUI.");
        } else {
            out.println("  ComfyUI      " + stack.comfyuiUrl() + " (real ComfyUI)");
        }
    }
}
