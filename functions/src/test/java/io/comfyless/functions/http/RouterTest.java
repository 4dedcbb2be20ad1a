package io.comfyless.functions.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.error.ConflictException;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

class RouterTest {

    private final Router router = new Router()
            .route("GET", "/api/v1/workers/{id}", (r, p) -> ApiResponse.ok(Map.of("worker", p.get("id"))))
            .route("GET", "/api/v1/workers/metrics", (r, p) -> ApiResponse.ok(Map.of("metrics", true)))
            .route("POST", "/v1/things", (r, p) -> ApiResponse.json(201, r.json()))
            .route("GET", "/v1/boom", (r, p) -> {
                throw new IllegalStateException("secret internal detail");
            })
            .route("GET", "/v1/aws", (r, p) -> {
                throw SdkClientException.create("connection refused to 10.0.0.1");
            })
            .route("GET", "/v1/gone", (r, p) -> {
                throw new NotFoundException("Execution 'x' not found");
            })
            .route("GET", "/v1/busy", (r, p) -> {
                throw new ConflictException("already done");
            });

    private static ApiRequest request(String method, String path, String body) {
        return ApiRequest.text(method, path, Map.of(), body, "req-1", "127.0.0.1");
    }

    private static JsonNode json(ApiResponse response) {
        return Json.read(response.body());
    }

    @Test
    void literalSegmentsWinOverParameters() {
        assertThat(json(router.dispatch(request("GET", "/api/v1/workers/metrics", null)))
                        .has("metrics"))
                .isTrue();
        assertThat(json(router.dispatch(request("GET", "/api/v1/workers/w-1", null)))
                        .get("worker")
                        .asText())
                .isEqualTo("w-1");
    }

    @Test
    void ignoresTrailingSlashes() {
        assertThat(router.dispatch(request("GET", "/api/v1/workers/w-1/", null)).status())
                .isEqualTo(200);
    }

    @Test
    void unknownPathsAre404WithTheUnifiedBody() {
        ApiResponse response = router.dispatch(request("GET", "/nope", null));

        assertThat(response.status()).isEqualTo(404);
        assertThat(fieldNames(json(response)))
                .containsExactly(
                        "error", "code", "message", "details", "timestamp", "request_id", "status", "error_code");
        assertThat(json(response).get("timestamp").asText()).isNotBlank();
        assertThat(json(response).get("error_code").asText()).isEqualTo("NOT_FOUND");
        assertThat(json(response).get("code").asInt()).isEqualTo(404);
        assertThat(json(response).get("request_id").asText()).isEqualTo("req-1");
    }

    @Test
    void aKnownPathWithAnotherMethodIs405NamingTheAllowedOnes() {
        ApiResponse response = router.dispatch(request("DELETE", "/v1/things", null));

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.headers()).containsEntry("Allow", "POST");
        assertThat(json(response).get("error").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void aLiteralPathWithAnotherMethodIs405RatherThanAParameterMatch() {
        Router withParameter = new Router()
                .route("POST", "/v1/workflows/execute", (r, p) -> ApiResponse.json(202, Map.of()))
                .route("GET", "/v1/workflows/{id}", (r, p) -> ApiResponse.ok(Map.of("id", p.get("id"))));

        ApiResponse response = withParameter.dispatch(request("GET", "/v1/workflows/execute", null));

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.headers()).containsEntry("Allow", "POST");
        assertThat(withParameter
                        .dispatch(request("GET", "/v1/workflows/exec_1", null))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void malformedJsonIs400NeverA500() {
        ApiResponse response = router.dispatch(request("POST", "/v1/things", "{\"a\": "));

        assertThat(response.status()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("invalid_json");
        assertThat(json(response).get("message").asText()).startsWith("Malformed JSON in body");
    }

    @Test
    void oversizedBodiesAre413() {
        ApiResponse response =
                router.dispatch(request("POST", "/v1/things", "\"" + "x".repeat(ApiRequest.MAX_BODY_BYTES) + "\""));

        assertThat(response.status()).isEqualTo(413);
        assertThat(json(response).get("error").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void unexpectedFailuresAre500WithoutInternals() {
        ApiResponse response = router.dispatch(request("GET", "/v1/boom", null));

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.body()).doesNotContain("secret internal detail").doesNotContain("IllegalStateException");
        assertThat(json(response).get("message").asText()).contains("req-1");
    }

    @Test
    void anUnreachableAwsServiceIs503WithoutItsAddress() {
        ApiResponse response = router.dispatch(request("GET", "/v1/aws", null));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.body()).doesNotContain("10.0.0.1");
    }

    @Test
    void typedErrorsMapToTheirStatus() {
        assertThat(router.dispatch(request("GET", "/v1/gone", null)).status()).isEqualTo(404);
        assertThat(router.dispatch(request("GET", "/v1/busy", null)).status()).isEqualTo(409);
        assertThat(ErrorResponses.status(ValidationException.of("X", "f", "m"))).isEqualTo(400);
    }

    @Test
    void everyResponseCarriesTheRequestIdAndApiVersion() {
        ApiResponse response = router.dispatch(request("GET", "/api/v1/workers/w", null));

        assertThat(response.headers())
                .containsEntry("X-Request-Id", "req-1")
                .containsEntry("API-Version", "v1")
                .containsEntry("X-API-Version", ApiVersion.CURRENT);
    }

    @Test
    void headIsServedByTheGetRoute() {
        assertThat(router.dispatch(request("HEAD", "/api/v1/workers/w", null)).status())
                .isEqualTo(200);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
