package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code LoadImage}: reads a file from the input directory ({@code sub/pic.png}, or {@code pic.png [output]}) into an
 * IMAGE and a MASK (1 - alpha, or a 64x64 zero mask without alpha). A missing file fails validation; the file's hash
 * is part of the cache key, so re-uploading different bytes under the same name runs it again.
 */
final class LoadImageNode implements ComfyNode {

    private final ComfyUiOutputFiles files;

    LoadImageNode(ComfyUiOutputFiles files) {
        this.files = files;
    }

    @Override
    public NodeSchema schema() {
        // The choices are the files at the top of the input directory right now, as ComfyUI lists them per request.
        return NodeSchema.builder("LoadImage")
                .displayName("Load Image")
                .input(InputSpec.combo(
                        "image", files.inputImages(), ComfyUiJson.object().put("image_upload", true)))
                .outputs("IMAGE", "MASK")
                .build();
    }

    @Override
    public Set<String> customValidatedInputs() {
        return Set.of("image");
    }

    @Override
    public Optional<String> customValidation(ObjectNode inputs) {
        JsonNode image = inputs.get("image");
        if (image == null || image.isArray()) {
            return Optional.empty();
        }
        String name = PythonText.str(image);
        return Files.exists(files.annotatedPath(name)) ? Optional.empty() : Optional.of("Invalid image file: " + name);
    }

    @Override
    public Optional<String> fingerprint(ObjectNode inputs) throws IOException {
        Path file = files.annotatedPath(PythonText.str(inputs.get("image")));
        try {
            return Optional.of(HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public NodeOutput execute(NodeContext context) throws IOException {
        Path file = files.annotatedPath(context.text("image"));
        if (!Files.exists(file)) {
            throw new PythonError("FileNotFoundError", "[Errno 2] No such file or directory: '" + file + "'");
        }
        BufferedImage loaded = PngFiles.read(file);
        return NodeOutput.of(List.of(Images.toRgb(loaded)), List.of(mask(loaded)));
    }

    private static Mask mask(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return Mask.filled(64, 64, 0f);
        }
        int width = image.getWidth();
        int height = image.getHeight();
        float[] values = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                values[y * width + x] = 1f - ((image.getRGB(x, y) >>> 24) / 255f);
            }
        }
        return new Mask(width, height, values);
    }
}
