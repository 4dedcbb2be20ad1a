package io.comfyless.runner.comfyui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ComfyEventsTest {

    private static final byte[] IMAGE = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3};

    @Test
    void aPlainPreviewCarriesItsFormatButNoPrompt() {
        ByteBuffer frame = ByteBuffer.allocate(8 + IMAGE.length)
                .putInt(1)
                .putInt(2)
                .put(IMAGE)
                .flip();

        ComfyEvent.Preview preview =
                (ComfyEvent.Preview) ComfyEvents.parseBinary(frame).orElseThrow();

        assertThat(preview.promptId()).isNull();
        assertThat(preview.contentType()).isEqualTo("image/png");
        assertThat(preview.image()).containsExactly(IMAGE);
    }

    @Test
    void aPreviewWithMetadataNamesItsPromptAndNode() {
        byte[] json = "{\"node_id\":\"4\",\"prompt_id\":\"p-1\",\"image_type\":\"image/jpeg\"}"
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(8 + json.length + IMAGE.length)
                .putInt(4)
                .putInt(json.length)
                .put(json)
                .put(IMAGE)
                .flip();

        ComfyEvent.Preview preview =
                (ComfyEvent.Preview) ComfyEvents.parseBinary(frame).orElseThrow();

        assertThat(preview.promptId()).isEqualTo("p-1");
        assertThat(preview.nodeId()).isEqualTo("4");
        assertThat(preview.contentType()).isEqualTo("image/jpeg");
        assertThat(preview.image()).containsExactly(IMAGE);
    }

    @Test
    void otherBinaryFramesAndBrokenOnesAreIgnored() {
        byte[] text = "hello".getBytes(StandardCharsets.UTF_8);
        ByteBuffer progressText = ByteBuffer.allocate(8 + text.length)
                .putInt(3)
                .putInt(1)
                .put(text)
                .flip();
        ByteBuffer lyingLength =
                ByteBuffer.allocate(12).putInt(4).putInt(999).putInt(0).flip();

        assertThat(ComfyEvents.parseBinary(progressText)).isEmpty();
        assertThat(ComfyEvents.parseBinary(lyingLength)).isEmpty();
        assertThat(ComfyEvents.parseBinary(ByteBuffer.allocate(3))).isEmpty();
        assertThat(ComfyEvents.parseBinary(
                        ByteBuffer.allocate(8).putInt(1).putInt(9).flip()))
                .as("unknown image format")
                .isEmpty();
    }
}
