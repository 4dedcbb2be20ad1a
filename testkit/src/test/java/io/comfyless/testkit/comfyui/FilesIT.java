package io.comfyless.testkit.comfyui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** §2: {@code /upload/image}, {@code LoadImage}, {@code PreviewImage} and {@code /view} with its path checks. */
class FilesIT extends DoubleTestBase {

    @Test
    void anUploadedImageLoadsAndRoundTripsThroughTheGraph() {
        HttpResponse<String> upload = http.upload("pic.png", png(4, 4, 0xFF0000, false), Map.of("subfolder", "sub"));

        assertThat(upload.statusCode()).isEqualTo(200);
        assertThat(ComfyHttp.parse(upload.body()))
                .isEqualTo(ComfyHttp.parse("{\"name\": \"pic.png\", \"subfolder\": \"sub\", \"type\": \"input\"}"));
        String promptId = http.submit("""
                {"1": {"class_type": "LoadImage", "inputs": {"image": "sub/pic.png"}},
                 "2": {"class_type": "ImageInvert", "inputs": {"image": ["1", 0]}},
                 "3": {"class_type": "SaveImage", "inputs": {"images": ["2", 0], "filename_prefix": "roundtrip/out"}}}
                """, null);
        JsonNode history = awaitHistory(promptId);
        assertThat(history.at("/status/status_str").asText()).isEqualTo("success");
        BufferedImage saved = view("filename=out_00001_.png&subfolder=roundtrip&type=output");
        assertThat(saved.getWidth()).isEqualTo(4);
        assertThat(rgb(saved, 2, 2)).isEqualTo(0x00FFFF);
    }

    @Test
    void anUploadUnderATakenNameIsRenamedUnlessIdenticalOrOverwriting() throws IOException {
        byte[] red = png(2, 2, 0xFF0000, false);
        byte[] blue = png(2, 2, 0x0000FF, false);

        String first = name(http.upload("pic.png", red, Map.of()));
        String different = name(http.upload("pic.png", blue, Map.of()));
        String identical = name(http.upload("pic.png", red, Map.of()));
        String overwritten = name(http.upload("pic.png", blue, Map.of("overwrite", "true")));

        assertThat(first).isEqualTo("pic.png");
        assertThat(different).isEqualTo("pic (1).png");
        assertThat(identical).isEqualTo("pic.png");
        assertThat(overwritten).isEqualTo("pic.png");
        assertThat(Files.readAllBytes(comfy.inputDir().resolve("pic.png"))).isEqualTo(blue);
    }

    @Test
    void badUploadsAre400WithAnEmptyBody() {
        HttpResponse<String> noImage = http.upload("pic.png", null, Map.of("type", "input"));
        HttpResponse<String> escaping = http.upload("pic.png", png(1, 1, 0, false), Map.of("subfolder", "../.."));

        assertThat(noImage.statusCode()).isEqualTo(400);
        assertThat(noImage.body()).isEmpty();
        assertThat(escaping.statusCode()).isEqualTo(400);
    }

    @Test
    void uploadsCanTargetTheOutputDirectoryAndViewServesThem() {
        HttpResponse<String> upload =
                http.upload("mine.png", png(3, 3, 0x123456, false), Map.of("type", "output", "subfolder", "uploads"));

        assertThat(ComfyHttp.parse(upload.body()).get("type").asText()).isEqualTo("output");
        assertThat(rgb(view("filename=mine.png&subfolder=uploads&type=output"), 0, 0))
                .isEqualTo(0x123456);
        assertThat(rgb(view("filename=" + "mine.png%20%5Boutput%5D" + "&subfolder=uploads"), 1, 1))
                .isEqualTo(0x123456);
    }

    @Test
    void viewRejectsTraversalAndUnknownTypesAndMissingFiles() throws IOException {
        Files.writeString(comfy.outputDir().resolve("secret.txt"), "x");

        assertThat(http.get("/view?filename=/etc/passwd").statusCode()).isEqualTo(400);
        assertThat(http.get("/view?filename=../secret.txt&type=input").statusCode())
                .isEqualTo(400);
        assertThat(http.get("/view?filename=secret.txt&type=bogus").statusCode())
                .isEqualTo(400);
        assertThat(http.get("/view?filename=secret.txt&type=input&subfolder=../output")
                        .statusCode())
                .isEqualTo(403);
        assertThat(http.get("/view?filename=secret.txt&subfolder=/etc").statusCode())
                .isEqualTo(403);
        assertThat(http.get("/view?filename=nothing.png").statusCode()).isEqualTo(404);
        HttpResponse<String> allowed = http.get("/view?filename=secret.txt&type=output");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    }

    @Test
    void previewImageWritesToTheTempDirectoryAsTypeTemp() {
        String promptId = http.submit("""
                {"1": {"class_type": "EmptyImage", "inputs": {"width": 8, "height": 8, "batch_size": 1, "color": 65280}},
                 "2": {"class_type": "PreviewImage", "inputs": {"images": ["1", 0]}}}
                """, null);

        JsonNode image = awaitHistory(promptId).at("/outputs/2/images/0");

        assertThat(image.get("type").asText()).isEqualTo("temp");
        assertThat(image.get("subfolder").asText()).isEmpty();
        assertThat(image.get("filename").asText()).matches("ComfyUI_temp_[a-z]{5}_00001_\\.png");
        assertThat(rgb(view("type=temp&filename=" + image.get("filename").asText()), 0, 0))
                .isEqualTo(0x00FF00);
        assertThat(comfy.tempDir().resolve(image.get("filename").asText())).exists();
    }

    @Test
    void loadImageTurnsAlphaIntoAMask() {
        http.upload("half.png", png(2, 2, 0x40FF0000, true), Map.of());
        String promptId = http.submit("""
                {"1": {"class_type": "LoadImage", "inputs": {"image": "half.png"}},
                 "2": {"class_type": "MaskToImage", "inputs": {"mask": ["1", 1]}},
                 "3": {"class_type": "SaveImage", "inputs": {"images": ["2", 0], "filename_prefix": "mask/m"}}}
                """, null);

        awaitHistory(promptId);

        int expected = 255 - 0x40;
        assertThat(rgb(view("filename=m_00001_.png&subfolder=mask"), 0, 0)).isEqualTo(expected * 0x010101);
    }

    private static String name(HttpResponse<String> upload) {
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        return ComfyHttp.parse(upload.body()).get("name").asText();
    }
}
