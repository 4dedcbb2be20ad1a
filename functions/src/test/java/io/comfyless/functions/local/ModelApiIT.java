package io.comfyless.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** The model store routes over real HTTP, without authentication (the local tenant operates the stack). */
class ModelApiIT {

    private static ResourceStack stack;

    @BeforeAll
    static void start() {
        stack = ResourceStack.start(Map.of());
        stack.putObject("models/loras/detail-a.safetensors", new byte[10]);
        stack.putObject("models/loras/detail-b.safetensors", new byte[20]);
        stack.putObject("models/loras/SDXL/style.safetensors", new byte[30]);
        stack.putObject("models/vae/sdxl_vae.safetensors", new byte[40]);
        stack.aws
                .s3()
                .putObject(
                        request -> request.bucket(stack.bucket())
                                .key("models/checkpoints/hashed.safetensors")
                                .metadata(Map.of("sha256", "ab".repeat(32))),
                        RequestBody.fromBytes(new byte[5]));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void listsModelsOfOneTypeWithSearchAndPaging() {
        HttpCalls.Reply page = stack.http.get("/v1/models?type=lora&search=detail&limit=1&offset=1");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().get("total").asInt()).isEqualTo(2);
        assertThat(page.json().get("total_size_bytes").asLong()).isEqualTo(30);
        assertThat(page.json().get("has_more").asBoolean()).isFalse();
        assertThat(page.json().get("models").findValuesAsText("path")).containsExactly("loras/detail-b.safetensors");
        JsonNode model = page.json().get("models").get(0);
        assertThat(model.get("type").asText()).isEqualTo("loras");
        assertThat(model.get("size_bytes").asLong()).isEqualTo(20);
        assertThat(model.get("last_modified").asText()).isNotBlank();
    }

    @Test
    void countsModelsPerType() {
        JsonNode types = stack.http.get("/v1/models/types").json().get("types");

        assertThat(types.findValuesAsText("id")).contains("checkpoints", "loras", "vae", "upscale_models");
        for (JsonNode type : types) {
            if (type.get("id").asText().equals("loras")) {
                assertThat(type.get("count").asInt()).isEqualTo(3);
            }
        }
    }

    @Test
    void showsOneModelWithItsChecksumAndFindsNamesWithSubFolders() {
        HttpCalls.Reply hashed = stack.http.get("/v1/models/checkpoints/hashed.safetensors");
        HttpCalls.Reply nested = stack.http.get("/v1/models/loras/SDXL%2Fstyle.safetensors");

        assertThat(hashed.status()).isEqualTo(200);
        assertThat(hashed.json().get("sha256").asText()).isEqualTo("ab".repeat(32));
        assertThat(nested.status()).isEqualTo(200);
        assertThat(nested.json().get("path").asText()).isEqualTo("loras/SDXL/style.safetensors");
        assertThat(nested.json().get("details_url").asText()).isEqualTo("/v1/models/loras/SDXL%2Fstyle.safetensors");
    }

    @Test
    void clientMistakesGetTheirOwn4xx() {
        HttpCalls.Reply missing = stack.http.get("/v1/models/checkpoints/nope.safetensors");
        HttpCalls.Reply badFolder = stack.http.get("/v1/models?type=Bad%20Folder");
        HttpCalls.Reply badName = stack.http.get("/v1/models/loras/..%2F..%2Fsecret.ckpt");
        HttpCalls.Reply badLimit = stack.http.get("/v1/models?limit=0");
        HttpCalls.Reply badAlias = stack.http.get("/v1/models?category=loras&model_type=Bad%20Folder");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error").asText()).isEqualTo("not_found");
        assertThat(missing.json().get("request_id").asText()).isNotBlank();
        assertThat(badFolder.status()).isEqualTo(400);
        assertThat(badFolder.json().get("details").get(0).get("field").asText()).isEqualTo("type");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badAlias.status()).isEqualTo(400);
        assertThat(badAlias.json().get("details").get(0).get("field").asText()).isEqualTo("model_type");
    }

    @Test
    void anUploadPlanTakesTheFileStraightToTheStore() {
        byte[] bytes = "not really a checkpoint".getBytes(StandardCharsets.UTF_8);

        HttpCalls.Reply planned = stack.http.post(
                "/v1/models/uploads",
                "{\"folder\": \"checkpoint\", \"filename\": \"uploaded.safetensors\", \"size_bytes\": " + bytes.length
                        + "}");

        assertThat(planned.status()).isEqualTo(201);
        assertThat(planned.json().get("multipart").asBoolean()).isFalse();
        assertThat(planned.json().get("path").asText()).isEqualTo("checkpoints/uploaded.safetensors");
        assertThat(stack.putTo(
                        planned.json().get("upload_url").asText(),
                        planned.json().get("upload_headers"),
                        bytes))
                .isEqualTo(200);
        HttpCalls.Reply model = stack.http.get(planned.json().get("model_url").asText());
        assertThat(model.status()).isEqualTo(200);
        assertThat(model.json().get("size_bytes").asLong()).isEqualTo(bytes.length);
        assertThat(stack.http
                        .post(
                                "/v1/models/uploads",
                                "{\"folder\": \"checkpoints\", \"filename\": \"uploaded.safetensors\","
                                        + " \"size_bytes\": 5}")
                        .status())
                .isEqualTo(409);
    }

    @Test
    void badUploadRequestsAre400() {
        assertThat(stack.http
                        .post("/v1/models/uploads", "{\"folder\": \"loras\", \"filename\": \"x.safetensors\"}")
                        .status())
                .isEqualTo(400);
        assertThat(stack.http
                        .post(
                                "/v1/models/uploads",
                                "{\"folder\": \"loras\", \"filename\": \"../x\", \"size_bytes\": 1}")
                        .status())
                .isEqualTo(400);
        assertThat(stack.http
                        .post("/v1/models/uploads", "{not json")
                        .json()
                        .get("error")
                        .asText())
                .isEqualTo("invalid_json");
        assertThat(stack.http
                        .post(
                                "/v1/models/uploads/complete",
                                "{\"folder\": \"loras\", \"filename\": \"x.safetensors\","
                                        + " \"upload_id\": \"u1\", \"parts\": [{\"etag\": \"x\"}]}")
                        .status())
                .isEqualTo(400);
        HttpCalls.Reply partZero = stack.http.post(
                "/v1/models/uploads/complete",
                "{\"folder\": \"loras\", \"filename\": \"x.safetensors\","
                        + " \"upload_id\": \"u1\", \"parts\": [{\"part_number\": 0, \"etag\": \"x\"}]}");
        assertThat(partZero.status()).isEqualTo(400);
        assertThat(partZero.json().get("message").asText()).contains("part_number (1 to 10000)");
        HttpCalls.Reply notAString = stack.http.delete("/v1/models", "{\"paths\": [{}]}", Map.of());
        assertThat(notAString.status()).isEqualTo(400);
        assertThat(notAString.json().at("/details/0/field").asText()).isEqualTo("paths[0]");
    }

    @Test
    void completingAnUploadWithPartsS3NeverSawIs400() {
        String upload = "{\"folder\": \"loras\", \"filename\": \"parts.safetensors\", \"size_bytes\": 6442450944}";
        HttpCalls.Reply planned = stack.http.post("/v1/models/uploads", upload);
        assertThat(planned.json().get("multipart").asBoolean()).isTrue();
        assertThat(planned.json().get("parts")).hasSize(24);

        HttpCalls.Reply completed = stack.http.post(
                "/v1/models/uploads/complete",
                "{\"folder\": \"loras\","
                        + " \"filename\": \"parts.safetensors\", \"upload_id\": \""
                        + planned.json().get("upload_id").asText() + "\","
                        + " \"parts\": [{\"part_number\": 1, \"etag\": \"\\\"never-uploaded\\\"\"}]}");

        assertThat(completed.status()).isEqualTo(400);
        assertThat(completed.json().get("details").get(0).get("code").asText()).isEqualTo("UPLOAD_REJECTED");
        assertThat(stack.http
                        .post(
                                "/v1/models/uploads/abort",
                                "{\"folder\": \"loras\", \"filename\": \"parts.safetensors\"," + " \"upload_id\": \""
                                        + planned.json().get("upload_id").asText() + "\"}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void deletesOneModelThenIt404s() {
        stack.putObject("models/upscale_models/old-4x.pth", new byte[7]);

        HttpCalls.Reply deleted = stack.http.delete("/v1/models/upscale_models/old-4x.pth");

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("space_freed_bytes").asLong()).isEqualTo(7);
        assertThat(stack.http.get("/v1/models/upscale_models/old-4x.pth").status())
                .isEqualTo(404);
        assertThat(stack.http.delete("/v1/models/upscale_models/old-4x.pth").status())
                .isEqualTo(404);
    }

    @Test
    void deletesManyModelsReportingThoseItCouldNot() {
        stack.putObject("models/embeddings/bad-hands.pt", new byte[3]);

        HttpCalls.Reply result = stack.deleteWithBody(
                "/v1/models",
                "{\"paths\": [\"embeddings/bad-hands.pt\", \"embeddings/never-there.pt\", \"no-slash\"]}",
                Map.of());

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().get("deleted").asInt()).isEqualTo(1);
        assertThat(result.json().get("space_freed_bytes").asLong()).isEqualTo(3);
        assertThat(result.json().get("errors").findValuesAsText("field")).containsExactly("paths[1]", "paths[2]");
        assertThat(stack.deleteWithBody("/v1/models", "{\"paths\": []}", Map.of())
                        .status())
                .isEqualTo(400);
    }

    @Test
    void anImportFromAUrlIsRecordedForRunnersAndCanBePausedResumedAndCancelled() {
        HttpCalls.Reply requested = stack.http.post(
                "/v1/models",
                "{\"url\": \"https://93.184.215.14/models/sd_xl_base_1.0.safetensors\","
                        + " \"folder\": \"checkpoints\", \"filename\": \"sd_xl_base_1.0.safetensors\"}");

        assertThat(requested.status()).isEqualTo(202);
        String id = requested.json().get("download_id").asText();
        assertThat(requested.json().get("status").asText()).isEqualTo("pending");
        assertThat(requested.raw().headers().firstValue("Location")).hasValue("/v1/models/downloads/" + id);
        assertThat(stack.http
                        .get("/v1/models/downloads")
                        .json()
                        .get("downloads")
                        .findValuesAsText("download_id"))
                .contains(id);
        assertThat(stack.http
                        .get("/v1/models/downloads/" + id)
                        .json()
                        .get("path")
                        .asText())
                .isEqualTo("checkpoints/sd_xl_base_1.0.safetensors");

        assertThat(stack.http
                        .post("/v1/models/downloads/" + id + "/pause", "")
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("paused");
        assertThat(stack.http.post("/v1/models/downloads/" + id + "/pause", "").status())
                .isEqualTo(409);
        assertThat(stack.http
                        .post("/v1/models/downloads/" + id + "/resume", "")
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("pending");
        assertThat(stack.http
                        .delete("/v1/models/downloads/" + id)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("cancelled");
        assertThat(stack.http.delete("/v1/models/downloads/" + id).status()).isEqualTo(409);
    }

    @Test
    void anImportFromAUrlInsideTheNetworkOrWithoutAUrlIs400AndUnknownDownloadsAre404() {
        HttpCalls.Reply metadata = stack.http.post(
                "/v1/models",
                "{\"url\": \"http://169.254.169.254/latest/meta-data\","
                        + " \"folder\": \"loras\", \"filename\": \"x.safetensors\"}");
        HttpCalls.Reply inward = stack.http.post(
                "/v1/models",
                "{\"url\": \"https://10.0.0.5/x.safetensors\","
                        + " \"folder\": \"loras\", \"filename\": \"x.safetensors\"}");
        HttpCalls.Reply noUrl =
                stack.http.post("/v1/models", "{\"folder\": \"loras\", \"filename\": \"x.safetensors\"}");

        assertThat(metadata.status()).isEqualTo(400);
        assertThat(metadata.json().get("details").get(0).get("code").asText()).isEqualTo("URL_NOT_ALLOWED");
        assertThat(inward.status()).isEqualTo(400);
        assertThat(noUrl.status()).isEqualTo(400);
        assertThat(stack.http.get("/v1/models/downloads/dl_nope").status()).isEqualTo(404);
        assertThat(stack.http.post("/v1/models/downloads/dl_nope/pause", "").status())
                .isEqualTo(404);
    }
}
