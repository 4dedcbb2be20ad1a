package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.eclipse.jetty.server.Request;

/** The catalogue routes: {@code /object_info}, {@code /system_stats}, {@code /features}, {@code /models}, {@code /embeddings}. */
final class InfoRoutes {

    static final String COMFYUI_VERSION = "0.8.0";
    private static final String FRONTEND_VERSION = "1.35.9";
    private static final String TEMPLATES_VERSION = "0.7.67";

    /** ComfyUI's {@code folder_names_and_paths} keys; the double has no model files in any of them. */
    private static final List<String> MODEL_FOLDERS = List.of(
            "checkpoints",
            "configs",
            "loras",
            "vae",
            "text_encoders",
            "diffusion_models",
            "clip_vision",
            "style_models",
            "embeddings",
            "diffusers",
            "vae_approx",
            "controlnet",
            "gligen",
            "upscale_models",
            "latent_upscale_models",
            "custom_nodes",
            "hypernetworks",
            "photomaker",
            "classifiers",
            "model_patches",
            "audio_encoders");

    private final NodeLibrary library;

    InfoRoutes(NodeLibrary library) {
        this.library = library;
    }

    /** The features ComfyUI announces on {@code /features} and in answer to a client's {@code feature_flags}. */
    static ObjectNode serverFeatures() {
        return ComfyUiJson.object()
                .put("supports_preview_metadata", true)
                .put("max_upload_size", ComfyUiFileRoutes.MAX_UPLOAD_SIZE);
    }

    void register(ComfyUiRouter router) {
        router.get("/object_info", call -> Reply.json(library.objectInfo()))
                .get("/object_info/{node_class}", call -> Reply.json(library.objectInfo(call.path("node_class"))))
                .get("/system_stats", call -> Reply.json(systemStats(Request.getLocalPort(call.request()))))
                .get("/features", call -> Reply.json(serverFeatures()))
                .get("/models", call -> Reply.json(ComfyUiJson.strings(MODEL_FOLDERS)))
                .get(
                        "/models/{folder}",
                        call -> MODEL_FOLDERS.contains(call.path("folder"))
                                ? Reply.json(ComfyUiJson.array())
                                : Reply.empty(404))
                .get("/embeddings", call -> Reply.json(ComfyUiJson.array()));
    }

    /** As ComfyUI 0.8.0 answers (the recorded answer where at hand), with this JVM's memory and this port. */
    private static ObjectNode systemStats(int port) {
        Runtime runtime = Runtime.getRuntime();
        long total = runtime.maxMemory();
        long free = total - (runtime.totalMemory() - runtime.freeMemory());
        ArrayNode argv = ComfyUiJson.array()
                .add("main.py")
                .add("--cpu")
                .add("--listen")
                .add("127.0.0.1")
                .add("--port")
                .add(Integer.toString(port))
                .add("--disable-auto-launch");
        ObjectNode system = ComfyUiJson.object()
                .put("os", "linux")
                .put("ram_total", total)
                .put("ram_free", free)
                .put("comfyui_version", COMFYUI_VERSION)
                .put("required_frontend_version", FRONTEND_VERSION)
                .put("installed_templates_version", TEMPLATES_VERSION)
                .put("required_templates_version", TEMPLATES_VERSION)
                .put("python_version", "3.11.7 (ComfyLess protocol double on Java " + Runtime.version() + ")")
                .put("pytorch_version", "2.15.0+cpu")
                .put("embedded_python", false);
        Recorded080.systemStats().map(stats -> stats.path("system")).ifPresent(recorded -> {
            for (String key :
                    List.of("required_frontend_version", "installed_templates_version", "required_templates_version")) {
                if (recorded.has(key)) {
                    system.set(key, recorded.get(key));
                }
            }
        });
        system.set("argv", argv);
        ObjectNode device = ComfyUiJson.object().put("name", "cpu").put("type", "cpu");
        device.putNull("index");
        device.put("vram_total", total)
                .put("vram_free", free)
                .put("torch_vram_total", total)
                .put("torch_vram_free", free);
        ObjectNode stats = ComfyUiJson.object();
        stats.set("system", system);
        stats.set("devices", ComfyUiJson.array().add(device));
        return stats;
    }
}
