package io.comfyless.testkit.comfyui;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Random;

/** {@code PreviewImage}: SaveImage into the temp directory as {@code ComfyUI_temp_xxxxx_NNNNN_.png}, type "temp". */
final class PreviewImageNode extends FixedSchemaNode {

    private static final String LETTERS = "abcdefghijklmnopqrstupvxyz";

    private final Random random = new SecureRandom();

    PreviewImageNode() {
        super(SaveImageNode.schema("PreviewImage", "Preview Image")
                .input(InputSpec.socket("images", "IMAGE"))
                .build());
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
