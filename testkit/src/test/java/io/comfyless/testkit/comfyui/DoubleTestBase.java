package io.comfyless.testkit.comfyui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh double per test (the prompt counter counts from boot), with HTTP helpers. */
abstract class DoubleTestBase {

    ComfyUiDouble comfy;
    ComfyHttp http;

    @BeforeEach
    void startDouble() {
        comfy = ComfyUiDouble.start();
        http = new ComfyHttp(comfy.url());
    }

    @AfterEach
    void closeDouble() {
        comfy.close();
    }

    WsClient connect(String clientId) {
        return WsClient.connect(comfy.webSocketUri(clientId));
    }

    /** Polls {@code /history/{id}} until the entry appears: how a client without a socket waits. */
    JsonNode awaitHistory(String promptId) {
        await().atMost(WsClient.TIMEOUT).until(() -> http.history(promptId) != null);
        return http.history(promptId);
    }

    /** Fetches an image through {@code /view}. */
    BufferedImage view(String query) {
        HttpResponse<byte[]> response = http.getBytes("/view?" + query);
        assertThat(response.statusCode()).as("GET /view?%s", query).isEqualTo(200);
        return decode(response.body());
    }

    static BufferedImage decode(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A solid PNG; pass an ARGB colour and alpha=true for a PNG with an alpha channel. */
    static byte[] png(int width, int height, int color, boolean alpha) {
        BufferedImage image =
                new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, color);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xFFFFFF;
    }
}
