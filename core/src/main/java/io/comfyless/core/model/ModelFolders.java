package io.comfyless.core.model;

import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * ComfyUI's model folders as the model store names them. A folder is ComfyUI's own key in
 * {@code folder_paths} ({@code checkpoints}, {@code loras}, {@code diffusion_models}, ...); the
 * names clients know from the seeds ({@code checkpoint}, {@code lora}, {@code upscaler}) and
 * ComfyUI's legacy directory names ({@code unet}, {@code clip}) are accepted and mapped onto it.
 * Custom nodes add folders of their own, so any other lower-case name is allowed as it is.
 */
public final class ModelFolders {

    /** The folders of a stock ComfyUI, in the order listings show them. */
    public static final List<String> KNOWN = List.of(
            "checkpoints",
            "loras",
            "vae",
            "controlnet",
            "upscale_models",
            "embeddings",
            "text_encoders",
            "diffusion_models",
            "clip_vision",
            "style_models",
            "gligen",
            "hypernetworks",
            "photomaker",
            "vae_approx",
            "configs",
            "model_patches",
            "audio_encoders",
            "latent_upscale_models");

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("checkpoint", "checkpoints"),
            Map.entry("lora", "loras"),
            Map.entry("embedding", "embeddings"),
            Map.entry("upscaler", "upscale_models"),
            Map.entry("upscale_model", "upscale_models"),
            Map.entry("unet", "diffusion_models"),
            Map.entry("clip", "text_encoders"),
            Map.entry("text_encoder", "text_encoders"),
            Map.entry("hypernetwork", "hypernetworks"),
            Map.entry("style_model", "style_models"));

    /**
     * ComfyUI still scans its pre-rename directories for these folders, so a store or a disk laid
     * out the old way ({@code models/unet/...}) is found too.
     */
    private static final Map<String, List<String>> LEGACY_DIRECTORIES = Map.of(
            "diffusion_models", List.of("unet"),
            "text_encoders", List.of("clip"));

    private static final Pattern FOLDER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    /** Names the API uses below {@code /v1/models/} for its own routes, so no folder may take them. */
    private static final List<String> RESERVED = List.of("uploads", "downloads", "types");

    private ModelFolders() {}

    /**
     * The folder a client's {@code type}, {@code category} or {@code folder} value means.
     *
     * @throws ValidationException naming {@code field} when the value cannot be a folder name
     */
    public static String parse(String value, String field) {
        String lower = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        String folder = ALIASES.getOrDefault(lower, lower);
        if (!isValid(folder)) {
            throw ValidationException.of(
                    ErrorCodes.INVALID_VALUE,
                    field,
                    field + " must be a model folder such as " + String.join(", ", KNOWN.subList(0, 6))
                            + " (lower-case letters, digits, '_' and '-')");
        }
        return folder;
    }

    /** The folder a directory of the store or of a disk belongs to: {@code unet} is {@code diffusion_models}. */
    public static String ofDirectory(String directory) {
        for (Map.Entry<String, List<String>> legacy : LEGACY_DIRECTORIES.entrySet()) {
            if (legacy.getValue().contains(directory)) {
                return legacy.getKey();
            }
        }
        return directory;
    }

    /** Every directory that holds files of {@code folder}: the folder itself first, then its legacy names. */
    public static List<String> directories(String folder) {
        List<String> all = new ArrayList<>();
        all.add(folder);
        all.addAll(LEGACY_DIRECTORIES.getOrDefault(folder, List.of()));
        return all;
    }

    static boolean isValid(String folder) {
        return FOLDER.matcher(folder).matches() && !RESERVED.contains(folder);
    }
}
