package io.comfyless.functions.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comfyless.core.error.ValidationException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultipartFormTest {

    private static ApiRequest request(String contentType, byte[] body) {
        return new ApiRequest(
                "POST",
                "/files/upload",
                Map.of("content-type", contentType),
                Map.of(),
                new String(body, StandardCharsets.UTF_8),
                "req-1",
                "127.0.0.1",
                body,
                null);
    }

    private static byte[] body(String boundary, byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nan input\r\n"
                        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in.png\"\r\n"
                        + "Content-Type: image/png\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void filesAndFieldsAreReadWithTheirBytesIntactEvenWhenTheyHoldLineBreaks() {
        byte[] file = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0, (byte) 0xff, '-', '-'};

        MultipartForm form = MultipartForm.parse(request("multipart/form-data; boundary=XyZ", body("XyZ", file)));

        assertThat(form.part("file").orElseThrow().bytes()).isEqualTo(file);
        assertThat(form.part("file").orElseThrow().filename()).hasValue("in.png");
        assertThat(form.part("file").orElseThrow().contentType()).hasValue("image/png");
        assertThat(form.part("description").orElseThrow().text()).isEqualTo("an input");
        assertThat(form.part("description").orElseThrow().filename()).isEmpty();
    }

    @Test
    void aBodyThatIsNotMultipartOrIsCutShortIsAClientError() {
        byte[] whole = body("XyZ", new byte[] {1, 2, 3});
        byte[] cut = Arrays.copyOf(whole, whole.length - 12);

        assertThatThrownBy(() -> MultipartForm.parse(request("application/json", whole)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("multipart/form-data");
        assertThatThrownBy(() -> MultipartForm.parse(request("multipart/form-data", whole)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("boundary");
        assertThatThrownBy(() -> MultipartForm.parse(request("multipart/form-data; boundary=XyZ", cut)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("closing boundary");
    }
}
