package io.comfyless.testkit.comfyui;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Random;

/** {@code PreviewImage}: SaveImage into the temp directory as {@code ComfyUI_temp_xxxxx_NNNNN_.png}, type "temp". */
final class PreviewImageNode implements ComfyNode {

    private static final String LETTERS = "abcdefghijklmnopqrstupvxyz";

    private static final NodeSchema SCHEMA = NodeSchema.builder("PreviewImage")
            .displayName("Preview Image")
            .description("Saves the input images to your ComfyUI output directory.")
            .input(InputSpec.socket("images", "IMAGE"))
            .hidden("prompt", "PROMPT")
            .hidden("extra_pnginfo", "EXTRA_PNGINFO")
            .outputNode()
            .build();

    private final Random random = new SecureRandom();

    @Override
    public NodeSchema schema() {
        return SCHEMA;
    }

    @Override
    public NodeOutput execute(NodeContext context) throws IOException {
        StringBuilder prefix = new StringBuilder("ComfyUI_temp_");
        for (int i = 0; i < 5; i++) {
            prefix.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return NodeOutput.ui(
                SaveImageNode.save(context, prefix.toString(), context.files().temp(), "temp"));
    }
}
