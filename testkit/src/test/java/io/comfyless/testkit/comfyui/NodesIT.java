package io.comfyless.testkit.comfyui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** §5: the model-free nodes really compute their images and masks. */
class NodesIT extends DoubleTestBase {

    @ParameterizedTest
    @ValueSource(strings = {"nearest-exact", "bilinear", "area", "bicubic", "lanczos"})
    void imageScaleResizesWithEveryMethodAndKeepsTheAspectRatioForAZeroSide(String method) {
        BufferedImage scaled = run("""
                {"1": {"class_type": "EmptyImage", "inputs": {"width": 64, "height": 32, "batch_size": 1, "color": 8421504}},
                 "2": {"class_type": "ImageScale", "inputs": {"image": ["1", 0], "upscale_method": "%s", "width": 16,
                                                              "height": 0, "crop": "disabled"}},
                 "3": {"class_type": "SaveImage", "inputs": {"images": ["2", 0], "filename_prefix": "nodes/scale"}}}
                """.formatted(method));

        assertThat(scaled.getWidth()).isEqualTo(16);
        assertThat(scaled.getHeight()).isEqualTo(8);
        assertThat(rgb(scaled, 8, 4)).isEqualTo(0x808080);
    }

    @Test
    void imageScaleByMultipliesTheSize() {
        BufferedImage scaled = run("""
                {"1": {"class_type": "EmptyImage", "inputs": {"width": 10, "height": 6, "batch_size": 1, "color": 255}},
                 "2": {"class_type": "ImageScaleBy", "inputs": {"image": ["1", 0], "upscale_method": "bilinear", "scale_by": 2.5}},
                 "3": {"class_type": "SaveImage", "inputs": {"images": ["2", 0], "filename_prefix": "nodes/by"}}}
                """);

        assertThat(scaled.getWidth()).isEqualTo(25);
        assertThat(scaled.getHeight()).isEqualTo(15);
        assertThat(rgb(scaled, 12, 7)).isEqualTo(0x0000FF);
    }

    @Test
    void imageBlurKeepsFlatAreasAndSoftensEdges() {
        BufferedImage blurred = run("""
                {"1": {"class_type": "EmptyImage", "inputs": {"width": 16, "height": 16, "batch_size": 1, "color": 16777215}},
                 "2": {"class_type": "EmptyImage", "inputs": {"width": 16, "height": 16, "batch_size": 1, "color": 0}},
                 "3": {"class_type": "ImageScale", "inputs": {"image": ["2", 0], "upscale_method": "nearest-exact",
                                                              "width": 8, "height": 16, "crop": "disabled"}},
                 "4": {"class_type": "ImageBatch", "inputs": {"image1": ["1", 0], "image2": ["3", 0]}},
                 "5": {"class_type": "ImageBlur", "inputs": {"image": ["4", 0], "blur_radius": 3, "sigma": 1.0}},
                 "6": {"class_type": "SaveImage", "inputs": {"images": ["5", 0], "filename_prefix": "nodes/blur"}}}
                """);
        BufferedImage second = view("filename=blur_00002_.png&subfolder=nodes");

        assertThat(rgb(blurred, 8, 8)).as("a white image stays white").isEqualTo(0xFFFFFF);
        assertThat(second.getWidth())
                .as("ImageBatch resizes the second batch to the first")
                .isEqualTo(16);
        assertThat(rgb(second, 8, 8)).isEqualTo(0x000000);
    }

    @Test
    void imageBlurMixesNeighbouringColours() {
        http.upload("halves.png", halves(), java.util.Map.of());
        BufferedImage blurred = run("""
                {"1": {"class_type": "LoadImage", "inputs": {"image": "halves.png"}},
                 "2": {"class_type": "ImageBlur", "inputs": {"image": ["1", 0], "blur_radius": 2, "sigma": 1.0}},
                 "3": {"class_type": "SaveImage", "inputs": {"images": ["2", 0], "filename_prefix": "nodes/mix"}}}
                """);

        int edge = rgb(blurred, 4, 4) & 0xFF;
        assertThat(edge).isStrictlyBetween(0, 255);
        assertThat(rgb(blurred, 0, 4) & 0xFF).isZero();
        assertThat(rgb(blurred, 7, 4) & 0xFF).isEqualTo(255);
    }

    @Test
    void masksConvertToAndFromImages() {
        BufferedImage solid = run("""
                {"1": {"class_type": "SolidMask", "inputs": {"value": 0.5, "width": 4, "height": 2}},
                 "2": {"class_type": "MaskToImage", "inputs": {"mask": ["1", 0]}},
                 "3": {"class_type": "SaveImage", "inputs": {"images": ["2", 0], "filename_prefix": "nodes/solid"}}}
                """);
        BufferedImage green = run("""
                {"1": {"class_type": "EmptyImage", "inputs": {"width": 4, "height": 4, "batch_size": 1, "color": 12345}},
                 "2": {"class_type": "ImageToMask", "inputs": {"image": ["1", 0], "channel": "green"}},
                 "3": {"class_type": "MaskToImage", "inputs": {"mask": ["2", 0]}},
                 "4": {"class_type": "SaveImage", "inputs": {"images": ["3", 0], "filename_prefix": "nodes/green"}}}
                """);

        assertThat(solid.getWidth()).isEqualTo(4);
        // 255 * 0.5 = 127.5, truncated as ComfyUI truncates.
        assertThat(rgb(solid, 1, 1)).isEqualTo(0x7F7F7F);
        assertThat(rgb(green, 1, 1)).isEqualTo(((12345 >> 8) & 0xFF) * 0x010101);
    }

    @Test
    void theAlphaChannelOfAnImageFailsAsInComfyUi() {
        String promptId = http.submit("""
                {"1": {"class_type": "EmptyImage", "inputs": {"width": 4, "height": 4, "batch_size": 1, "color": 0}},
                 "2": {"class_type": "ImageToMask", "inputs": {"image": ["1", 0], "channel": "alpha"}},
                 "3": {"class_type": "MaskToImage", "inputs": {"mask": ["2", 0]}},
                 "4": {"class_type": "PreviewImage", "inputs": {"images": ["3", 0]}}}
                """, null);

        JsonNode error = awaitHistory(promptId).at("/status/messages/2/1");

        assertThat(error.get("exception_type").asText()).isEqualTo("IndexError");
        assertThat(error.get("node_id").asText()).isEqualTo("2");
    }

    @Test
    void aSamplerLikeNodeSendsPreviewFramesInBothBinaryFormats() {
        comfy.faults().sample(NodeTarget.ofClass("ImageBlur"), 2, Duration.ofMillis(10));
        try (WsClient plain = connect("plain");
                WsClient rich = connect("rich")) {
            rich.send("{\"type\": \"feature_flags\", \"data\": {\"supports_preview_metadata\": true}}");
            rich.awaitMessage(m -> m.get("type").asText().equals("feature_flags"));
            String prompt = """
                    {"1": {"class_type": "EmptyImage", "inputs": {"width": 8, "height": 8, "batch_size": 1, "color": 0}},
                     "2": {"class_type": "ImageBlur", "inputs": {"image": ["1", 0], "blur_radius": 1, "sigma": 1.0}},
                     "3": {"class_type": "PreviewImage", "inputs": {"images": ["2", 0]}}}
                    """;
            plain.awaitFinished(http.submit(prompt, "plain"));
            rich.awaitFinished(http.submit(prompt.replace("\"color\": 0", "\"color\": 1"), "rich"));

            ByteBuffer legacy = ByteBuffer.wrap(plain.binaryFrames().get(0));
            assertThat(legacy.getInt()).as("PREVIEW_IMAGE").isEqualTo(1);
            assertThat(legacy.getInt()).as("JPEG").isEqualTo(1);
            assertThat(decode(java.util.Arrays.copyOfRange(legacy.array(), 8, legacy.capacity()))
                            .getWidth())
                    .isEqualTo(64);
            ByteBuffer withMetadata = ByteBuffer.wrap(rich.binaryFrames().get(0));
            assertThat(withMetadata.getInt()).as("PREVIEW_IMAGE_WITH_METADATA").isEqualTo(4);
            byte[] json = new byte[withMetadata.getInt()];
            withMetadata.get(json);
            JsonNode metadata = ComfyHttp.parse(new String(json, StandardCharsets.UTF_8));
            assertThat(metadata.get("node_id").asText()).isEqualTo("2");
            assertThat(metadata.get("image_type").asText()).isEqualTo("image/jpeg");
            assertThat(plain.binaryFrames()).hasSize(rich.binaryFrames().size());
        }
    }

    /** Runs a prompt whose last node saves under nodes/, and returns the first saved image. */
    private BufferedImage run(String prompt) {
        String promptId = http.submit(prompt, null);
        JsonNode history = awaitHistory(promptId);
        assertThat(history.at("/status/status_str").asText())
                .as(history.toString())
                .isEqualTo("success");
        JsonNode image = history.get("outputs").elements().next().at("/images/0");
        return view("filename=" + image.get("filename").asText() + "&subfolder="
                + image.get("subfolder").asText());
    }

    /** 8x8: the left half black, the right half blue. */
    private static byte[] halves() {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 4; x < 8; x++) {
                image.setRGB(x, y, 0x0000FF);
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(image, "png", out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
