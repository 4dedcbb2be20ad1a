package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code SaveImage}: writes each image of the batch to {@code <output>/<dirname(prefix)>/<basename(prefix)>_NNNNN_.png}
 * with the prompt embedded, and reports them as {@code {"images": [{"filename","subfolder","type":"output"}]}}.
 */
final class SaveImageNode extends FixedSchemaNode {

    SaveImageNode() {
        super(schema("SaveImage", "Save Image")
                .input(InputSpec.socket("images", "IMAGE", "The images to save."))
                .input(InputSpec.text(
                        "filename_prefix",
                        "ComfyUI",
                        "The prefix for the file to save. This may include"
                                + " formatting information such as %date:yyyy-MM-dd% or %Empty Latent Image.width% to include"
                                + " values from nodes."))
                .build());
    }

    /** What PreviewImage inherits from SaveImage, its Python base class: the description, hidden inputs, output node. */
    static NodeSchema.Builder schema(String classType, String displayName) {
        return NodeSchema.builder(classType)
                .displayName(displayName)
                .description("Saves the input images to your ComfyUI output directory.")
                .hidden("prompt", "PROMPT")
                .hidden("extra_pnginfo", "EXTRA_PNGINFO")
                .outputNode();
    }

    @Override
    public NodeOutput execute(NodeContext context) throws IOException {
        return NodeOutput.ui(
                save(context, context.text("filename_prefix"), context.files().output(), "output"));
    }

    /** Shared with PreviewImage, which saves to the temp directory instead. */
    static ObjectNode save(NodeContext context, String prefix, Path baseDir, String type) throws IOException {
        List<BufferedImage> images = context.images("images");
        BufferedImage first = images.get(0);
        ComfyUiOutputFiles.SaveTarget target =
                context.files().saveTarget(prefix, baseDir, first.getWidth(), first.getHeight());
        Map<String, String> metadata = metadata(context);
        ArrayNode results = ComfyUiJson.array();
        for (int batch = 0; batch < images.size(); batch++) {
            String file = target.fileName(batch);
            PngFiles.write(images.get(batch), target.folder().resolve(file), metadata);
            results.add(ComfyUiJson.object()
                    .put("filename", file)
                    .put("subfolder", target.subfolder())
                    .put("type", type));
        }
        return ComfyUiJson.object().set("images", results);
    }

    private static Map<String, String> metadata(NodeContext context) {
        Map<String, String> text = new LinkedHashMap<>();
        if (context.prompt() != null) {
            text.put("prompt", ComfyUiJson.write(context.prompt()));
        }
        JsonNode extra = context.extraPngInfo();
        if (extra != null && extra.isObject()) {
            for (Map.Entry<String, JsonNode> field : extra.properties()) {
                text.put(field.getKey(), ComfyUiJson.write(field.getValue()));
            }
        }
        return text;
    }
}
