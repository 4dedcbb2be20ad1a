package io.comfyless.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.core.tenant.IssuedApiKey;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Input files over real HTTP with authentication on: presigned upload, info, download, tenant isolation. */
class FileApiIT {

    private static ResourceStack stack;
    private static IssuedApiKey alice;
    private static IssuedApiKey bob;
    private static String aliceTenant;

    @BeforeAll
    static void start() {
        stack = ResourceStack.start(ResourceStack.authenticated("operators"));
        aliceTenant = ResourceStack.newTenant();
        alice = stack.secretKey(aliceTenant);
        bob = stack.secretKey(ResourceStack.newTenant());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private HttpCalls.Reply create(IssuedApiKey key, String body) {
        return stack.http.post("/v1/files", body, ResourceStack.bearer(key));
    }

    private String uploaded(IssuedApiKey key, byte[] bytes) {
        HttpCalls.Reply created =
                create(key, "{\"filename\": \"photos/cat photo.png\", \"size_bytes\": " + bytes.length + "}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(stack.putTo(
                        created.json().get("upload_url").asText(),
                        created.json().get("upload_headers"),
                        bytes))
                .isEqualTo(200);
        return created.json().get("file_id").asText();
    }

    @Test
    void anUploadedFileHasInfoAKeyForWorkflowsAndADownloadRedirect() {
        byte[] bytes = "\u0089PNG pretend".getBytes(StandardCharsets.ISO_8859_1);

        HttpCalls.Reply created =
                create(alice, "{\"filename\": \"photos/cat photo.png\", \"size_bytes\": " + bytes.length + "}");

        assertThat(created.status()).isEqualTo(201);
        String fileId = created.json().get("file_id").asText();
        assertThat(fileId).matches("file_[0-9a-f]{20}");
        assertThat(created.json().get("key").asText())
                .isEqualTo("inputs/" + aliceTenant + "/" + fileId + "/cat_photo.png");
        assertThat(created.json().get("content_type").asText()).isEqualTo("image/png");
        assertThat(created.json().get("upload_headers").get("Content-Type").asText())
                .isEqualTo("image/png");
        assertThat(created.json().get("expires_at").asText()).isNotBlank();
        assertThat(stack.http
                        .get("/v1/files/" + fileId + "/info", ResourceStack.bearer(alice))
                        .status())
                .as("not uploaded yet")
                .isEqualTo(404);

        assertThat(stack.putTo(
                        created.json().get("upload_url").asText(),
                        created.json().get("upload_headers"),
                        bytes))
                .isEqualTo(200);

        HttpCalls.Reply info = stack.http.get("/v1/files/" + fileId + "/info", ResourceStack.bearer(alice));
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.json().get("filename").asText()).isEqualTo("cat_photo.png");
        assertThat(info.json().get("size").asLong()).isEqualTo(bytes.length);
        assertThat(info.json().get("content_type").asText()).isEqualTo("image/png");
        assertThat(info.json().get("expires_at").asText()).isNotBlank();
        assertThat(stack.getFrom(info.json().get("download_url").asText())).isEqualTo(bytes);

        HttpCalls.Reply download = stack.http.get("/v1/files/" + fileId, ResourceStack.bearer(alice));
        assertThat(download.status()).isEqualTo(302);
        assertThat(stack.getFrom(download.raw().headers().firstValue("Location").orElseThrow()))
                .isEqualTo(bytes);
    }

    @Test
    void anotherTenantsFileIsNotFound() {
        String fileId = uploaded(alice, new byte[] {1, 2, 3});

        HttpCalls.Reply info = stack.http.get("/v1/files/" + fileId + "/info", ResourceStack.bearer(bob));
        HttpCalls.Reply download = stack.http.get("/v1/files/" + fileId, ResourceStack.bearer(bob));

        assertThat(info.status()).isEqualTo(404);
        assertThat(info.json().get("error").asText()).isEqualTo("not_found");
        assertThat(download.status()).isEqualTo(404);
        assertThat(download.raw().headers().firstValue("Location")).isEmpty();
        assertThat(stack.http
                        .get("/v1/files/" + fileId + "/info", ResourceStack.bearer(alice))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void badRequestsGetTheirOwn4xx() {
        assertThat(create(alice, "{\"size_bytes\": 3}").status()).isEqualTo(400);
        assertThat(create(alice, "{\"filename\": \"a.png\"}").status()).isEqualTo(400);
        assertThat(create(alice, "{\"filename\": \"a.png\", \"size_bytes\": 104857600}")
                        .json()
                        .get("details")
                        .get(0)
                        .get("field")
                        .asText())
                .isEqualTo("size_bytes");
        assertThat(create(alice, "{\"filename\": \"a.png\", \"size_bytes\": 3, \"content_type\": \"png\"}")
                        .status())
                .isEqualTo(400);
        assertThat(create(alice, "{\"filename\": 5, \"size_bytes\": 3}").status())
                .isEqualTo(400);
        assertThat(stack.http
                        .get("/v1/files/not-an-id/info", ResourceStack.bearer(alice))
                        .status())
                .isEqualTo(404);
        assertThat(stack.http
                        .get("/v1/files/file_00000000000000000000", ResourceStack.bearer(alice))
                        .status())
                .isEqualTo(404);
        assertThat(stack.http
                        .post("/v1/files", "{\"filename\": \"a.png\", \"size_bytes\": 3}")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aPublicKeyMayReadButNotUpload() {
        IssuedApiKey browser = stack.publicKey(aliceTenant);
        String fileId = uploaded(alice, new byte[] {9});

        assertThat(create(browser, "{\"filename\": \"a.png\", \"size_bytes\": 3}")
                        .status())
                .isEqualTo(403);
        assertThat(stack.http
                        .get("/v1/files/" + fileId + "/info", ResourceStack.bearer(browser))
                        .status())
                .isEqualTo(200);
    }
}
