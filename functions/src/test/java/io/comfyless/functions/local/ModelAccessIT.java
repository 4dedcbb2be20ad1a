package io.comfyless.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.core.tenant.IssuedApiKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With authentication on, every tenant reads the shared model store and only the stack's operators change it. */
class ModelAccessIT {

    private static ResourceStack stack;
    private static IssuedApiKey operator;
    private static IssuedApiKey tenant;
    private static IssuedApiKey operatorsPublicKey;

    @BeforeAll
    static void start() {
        String operatorTenant = ResourceStack.newTenant();
        stack = ResourceStack.start(ResourceStack.authenticated(operatorTenant));
        operator = stack.secretKey(operatorTenant);
        operatorsPublicKey = stack.publicKey(operatorTenant);
        tenant = stack.secretKey(ResourceStack.newTenant());
        stack.putObject("models/loras/shared.safetensors", new byte[4]);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void everyTenantReadsTheStore() {
        assertThat(stack.http
                        .get("/v1/models", ResourceStack.bearer(tenant))
                        .json()
                        .get("models")
                        .findValuesAsText("path"))
                .contains("loras/shared.safetensors");
        assertThat(stack.http
                        .get("/v1/models/loras/shared.safetensors", ResourceStack.bearer(operatorsPublicKey))
                        .status())
                .isEqualTo(200);
        assertThat(stack.http.get("/v1/models").status()).isEqualTo(401);
    }

    @Test
    void anOrdinaryTenantCannotDeleteOrUploadSharedModels() {
        HttpCalls.Reply delete = stack.http.delete("/v1/models/loras/shared.safetensors", ResourceStack.bearer(tenant));
        HttpCalls.Reply upload = stack.http.post(
                "/v1/models/uploads",
                "{\"folder\": \"loras\", \"filename\": \"mine.safetensors\", \"size_bytes\": 1}",
                ResourceStack.bearer(tenant));

        assertThat(delete.status()).isEqualTo(403);
        assertThat(delete.json().get("error").asText()).isEqualTo("forbidden");
        assertThat(upload.status()).isEqualTo(403);
        assertThat(stack.http
                        .post(
                                "/v1/models",
                                "{\"url\": \"https://93.184.215.14/m.safetensors\", \"folder\": \"loras\","
                                        + " \"filename\": \"m.safetensors\"}",
                                ResourceStack.bearer(tenant))
                        .status())
                .isEqualTo(403);
        assertThat(stack.http
                        .get("/v1/models/loras/shared.safetensors", ResourceStack.bearer(tenant))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void anOperatorsPublicKeyIsNotEnough() {
        assertThat(stack.http
                        .delete("/v1/models/loras/shared.safetensors", ResourceStack.bearer(operatorsPublicKey))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void anOperatorsSecretKeyUploadsAndDeletes() {
        stack.putObject("models/loras/retired.safetensors", new byte[2]);

        assertThat(stack.http
                        .post(
                                "/v1/models/uploads",
                                "{\"folder\": \"loras\", \"filename\": \"new.safetensors\"," + " \"size_bytes\": 1}",
                                ResourceStack.bearer(operator))
                        .status())
                .isEqualTo(201);
        assertThat(stack.http
                        .delete("/v1/models/loras/retired.safetensors", ResourceStack.bearer(operator))
                        .status())
                .isEqualTo(200);
    }
}
