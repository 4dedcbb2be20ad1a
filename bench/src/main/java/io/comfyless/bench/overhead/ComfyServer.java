package io.comfyless.bench.overhead;

import io.comfyless.testkit.comfyui.ComfyUiDouble;
import io.comfyless.testkit.comfyui.RealComfyUi;
import java.net.URI;

/** A ComfyUI to measure against: the protocol double, the real server from scripts/setup-comfyui.sh, or a URL. */
record ComfyServer(String label, URI url, AutoCloseable owned) implements AutoCloseable {

    static ComfyServer start(String which) {
        switch (which) {
            case "double" -> {
                ComfyUiDouble comfy = ComfyUiDouble.start();
                return new ComfyServer("ComfyUI protocol double (in this JVM)", URI.create(comfy.url()), comfy);
            }
            case "real" -> {
                RealComfyUi comfy = RealComfyUi.start();
                return new ComfyServer("real ComfyUI (scripts/setup-comfyui.sh, --cpu)", comfy.base(), comfy);
            }
            default -> {
                return new ComfyServer("ComfyUI at " + which, URI.create(which), () -> {});
            }
        }
    }

    @Override
    public void close() throws Exception {
        owned.close();
    }
}
