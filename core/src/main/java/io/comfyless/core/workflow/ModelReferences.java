package io.comfyless.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Which model files a workflow loads, read from its loader nodes' inputs ({@code ckpt_name},
 * {@code lora_name}, {@code vae_name}, ...) and mapped to ComfyUI's model folders. Core loaders
 * are matched by class and input, since the same input name can mean different folders
 * ({@code clip_name} is a text encoder for {@code CLIPLoader} but a vision model for
 * {@code CLIPVisionLoader}); custom nodes are matched by the input names whose meaning is
 * unambiguous. Only literal values with a model file extension count: links are unknown until
 * run time, and loaders accept built-in names ({@code taesd}, {@code pixel_space}) that are no
 * files. Embeddings named inside prompt text are not followed.
 */
public final class ModelReferences {

    /** ComfyUI's {@code supported_pt_extensions}, plus GGUF and ONNX weights that custom loaders use. */
    static final Set<String> EXTENSIONS =
            Set.of(".safetensors", ".ckpt", ".pt", ".pt2", ".pth", ".bin", ".pkl", ".sft", ".gguf", ".onnx");

    /** Core loaders: class type, then input name, to folder. */
    private static final Map<String, Map<String, String>> BY_CLASS = Map.ofEntries(
            Map.entry("CheckpointLoaderSimple", Map.of("ckpt_name", "checkpoints")),
            Map.entry("CheckpointLoader", Map.of("ckpt_name", "checkpoints")),
            Map.entry("ImageOnlyCheckpointLoader", Map.of("ckpt_name", "checkpoints")),
            Map.entry("unCLIPCheckpointLoader", Map.of("ckpt_name", "checkpoints")),
            Map.entry("LoraLoader", Map.of("lora_name", "loras")),
            Map.entry("LoraLoaderModelOnly", Map.of("lora_name", "loras")),
            Map.entry("VAELoader", Map.of("vae_name", "vae")),
            Map.entry("ControlNetLoader", Map.of("control_net_name", "controlnet")),
            Map.entry("DiffControlNetLoader", Map.of("control_net_name", "controlnet")),
            Map.entry("UNETLoader", Map.of("unet_name", "diffusion_models")),
            Map.entry("CLIPLoader", Map.of("clip_name", "text_encoders")),
            Map.entry("DualCLIPLoader", textEncoders(2)),
            Map.entry("TripleCLIPLoader", textEncoders(3)),
            Map.entry("QuadrupleCLIPLoader", textEncoders(4)),
            Map.entry("CLIPVisionLoader", Map.of("clip_name", "clip_vision")),
            Map.entry("StyleModelLoader", Map.of("style_model_name", "style_models")),
            Map.entry("GLIGENLoader", Map.of("gligen_name", "gligen")),
            Map.entry("UpscaleModelLoader", Map.of("model_name", "upscale_models")),
            Map.entry("HypernetworkLoader", Map.of("hypernetwork_name", "hypernetworks")),
            Map.entry("PhotoMakerLoader", Map.of("photomaker_model_name", "photomaker")));

    /** Inputs that mean one folder whatever node carries them (custom loaders reuse these names). */
    private static final Map<String, String> BY_INPUT = Map.ofEntries(
            Map.entry("ckpt_name", "checkpoints"),
            Map.entry("lora_name", "loras"),
            Map.entry("vae_name", "vae"),
            Map.entry("control_net_name", "controlnet"),
            Map.entry("unet_name", "diffusion_models"),
            Map.entry("clip_name", "text_encoders"),
            Map.entry("clip_name1", "text_encoders"),
            Map.entry("clip_name2", "text_encoders"),
            Map.entry("clip_name3", "text_encoders"),
            Map.entry("clip_name4", "text_encoders"),
            Map.entry("style_model_name", "style_models"),
            Map.entry("gligen_name", "gligen"),
            Map.entry("hypernetwork_name", "hypernetworks"),
            Map.entry("upscale_model_name", "upscale_models"));

    private ModelReferences() {}

    /** The distinct model files {@code workflow} loads, in node order. */
    public static List<RequiredModel> of(Workflow workflow) {
        Map<String, Usage> found = new LinkedHashMap<>();
        for (String nodeId : workflow.nodeIds()) {
            Map<String, String> folders =
                    workflow.classType(nodeId).map(BY_CLASS::get).orElse(BY_INPUT);
            for (Map.Entry<String, JsonNode> input : workflow.inputs(nodeId).entrySet()) {
                String folder = folders.get(input.getKey());
                Optional<String> file = modelFile(input.getValue());
                if (folder != null && file.isPresent()) {
                    found.computeIfAbsent(folder + "/" + file.get(), key -> new Usage(folder, file.get()))
                            .nodes
                            .add(nodeId);
                }
            }
        }
        return found.values().stream()
                .map(usage -> new RequiredModel(usage.folder, usage.name, usage.nodes))
                .toList();
    }

    /** The model folder an input of a node type reads from, when it is a model input. */
    public static Optional<String> folder(String classType, String input) {
        return Optional.ofNullable(BY_CLASS.getOrDefault(classType, BY_INPUT).get(input));
    }

    /** Whether a literal names a model file (by its extension). */
    public static boolean isModelFile(JsonNode value) {
        return modelFile(value).isPresent();
    }

    /** The inputs {@code clip_name1} to {@code clip_name<count>} of a loader of several text encoders. */
    private static Map<String, String> textEncoders(int count) {
        return IntStream.rangeClosed(1, count)
                .boxed()
                .collect(Collectors.toUnmodifiableMap(i -> "clip_name" + i, i -> "text_encoders"));
    }

    private static Optional<String> modelFile(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return Optional.empty();
        }
        String name = value.asText().trim();
        String lower = name.toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(lower::endsWith) ? Optional.of(name) : Optional.empty();
    }

    private static final class Usage {
        private final String folder;
        private final String name;
        private final List<String> nodes = new ArrayList<>();

        Usage(String folder, String name) {
            this.folder = folder;
            this.name = name;
        }
    }
}
