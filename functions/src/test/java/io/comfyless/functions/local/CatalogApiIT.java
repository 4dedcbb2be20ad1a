package io.comfyless.functions.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comfyless.contract.Schedules;
import io.comfyless.contract.Webhooks;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.aws.LocalResources;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;

/** Templates, schedules, webhook rules, the webhook secret and batches over real HTTP, on a strict stack. */
class CatalogApiIT {

    private static final String TINY =
            "{\"1\": {\"class_type\": \"EmptyImage\", \"inputs\": {\"width\": 8, \"height\": 8,"
                    + " \"batch_size\": 1, \"color\": 0}}, \"2\": {\"class_type\": \"SaveImage\", \"inputs\": {\"images\": [\"1\", 0],"
                    + " \"filename_prefix\": \"t\"}}}";

    private static LocalResources resources;
    private static LocalApi api;
    private static AwsClients aws;
    private static HttpCalls http;

    @BeforeAll
    static void start() {
        resources = AwsEmulator.freshResources();
        Map<String, String> env = new HashMap<>(resources.environment());
        env.put(Webhooks.ALLOW_INSECURE_ENV_VAR, "false");
        api = LocalApi.start(env, 0);
        aws = new AwsClients(RuntimeConfig.from(env::get));
        http = new HttpCalls(api.url());
    }

    @AfterAll
    static void stop() {
        api.close();
        aws.close();
    }

    @Test
    void aSavedTemplateIsListedReadRunByIdAndDeleted() {
        HttpCalls.Reply saved = http.post(
                "/v1/templates",
                "{\"id\": \"tiny_v1\", \"name\": \"Tiny\", \"category\": \"Test\"," + " \"workflow\": " + TINY + "}");
        assertThat(saved.status()).isEqualTo(201);
        assertThat(saved.json().get("status").asText()).isEqualTo("saved");

        assertThat(http.get("/v1/templates").json().get("templates").findValuesAsText("id"))
                .contains("tiny_v1", "model_free_v1");
        assertThat(http.get("/v1/templates/tiny_v1").json().get("workflow").size())
                .isEqualTo(2);
        assertThat(http.get("/v1/templates/model_free_v1")
                        .json()
                        .get("built_in")
                        .asBoolean())
                .isTrue();

        HttpCalls.Reply executed = http.post(
                "/v1/workflows/execute", "{\"workflow_id\": \"tiny_v1\", \"input_overrides\": {\"1.width\": 16}}");
        assertThat(executed.status()).isEqualTo(202);
        String id = executed.json().get("execution_id").asText();
        assertThat(http.get("/v1/workflows/" + id).json().get("workflow_id").asText())
                .isEqualTo("tiny_v1");
        assertThat(http.post("/api/v1/tasks", "{\"workflow_id\": \"tiny_v1\", \"payload\": {\"1.height\": 12}}")
                        .status())
                .isEqualTo(201);

        assertThat(http.post("/v1/templates", "{\"id\": \"tiny_v1\", \"name\": \"Again\", \"workflow\": " + TINY + "}")
                        .status())
                .isEqualTo(409);
        assertThat(http.post(
                                "/v1/templates",
                                "{\"id\": \"model_free_v1\", \"name\": \"Mine\", \"workflow\": " + TINY + "}")
                        .status())
                .isEqualTo(409);
        assertThat(http.post(
                                "/v1/templates",
                                "{\"name\": \"Broken\", \"workflow\": {\"1\": {\"class_type\": \"VAEDecode\","
                                        + " \"inputs\": {\"samples\": [\"7\", 0]}}}}")
                        .status())
                .isEqualTo(400);

        assertThat(http.delete("/v1/templates/tiny_v1").status()).isEqualTo(200);
        assertThat(http.get("/v1/templates/tiny_v1").status()).isEqualTo(404);
        assertThat(http.post("/v1/workflows/execute", "{\"workflow_id\": \"tiny_v1\"}")
                        .status())
                .isEqualTo(422);
        assertThat(http.delete("/v1/templates/model_free_v1").status()).isEqualTo(409);
    }

    @Test
    void aScheduleIsCheckedStoredAndRegisteredWithScheduler() {
        HttpCalls.Reply created = http.post(
                "/v1/schedules",
                "{\"template_id\": \"model_free_v1\", \"schedule\": \"cron(0 9 * * ? *)\","
                        + " \"timezone\": \"Europe/Paris\", \"input_overrides\": {\"1.width\": 8}}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        String group = resources.get(Schedules.GROUP_ENV_VAR);

        GetScheduleResponse registered =
                aws.scheduler().getSchedule(r -> r.groupName(group).name(id));
        assertThat(registered.scheduleExpression()).isEqualTo("cron(0 9 * * ? *)");
        assertThat(registered.scheduleExpressionTimezone()).isEqualTo("Europe/Paris");
        assertThat(registered.target().arn()).isEqualTo(Schedules.LOCAL_TARGET_ARN);
        assertThat(registered.target().input())
                .contains("\"template_id\":\"model_free_v1\"")
                .contains("\"scheduled_time\":\"<aws.scheduler.scheduled-time>\"");
        assertThat(http.get("/v1/schedules").json().get("schedules").findValuesAsText("id"))
                .contains(id);
        assertThat(http.get("/v1/schedules/" + id).json().get("schedule").asText())
                .isEqualTo("cron(0 9 * * ? *)");

        HttpCalls.Reply badCron =
                http.post("/v1/schedules", "{\"template_id\": \"model_free_v1\", \"schedule\": \"0 9 * * *\"}");
        assertThat(badCron.status()).isEqualTo(400);
        assertThat(badCron.json().get("message").asText())
                .contains("cron(minutes hours day-of-month month day-of-week year)");
        assertThat(http.post("/v1/schedules", "{\"template_id\": \"nope\", \"schedule\": \"rate(1 hour)\"}")
                        .status())
                .isEqualTo(422);
        assertThat(http.post(
                                "/v1/schedules",
                                "{\"template_id\": \"model_free_v1\", \"schedule\": \"rate(1 hour)\","
                                        + " \"input_overrides\": {\"9.width\": 8}}")
                        .status())
                .isEqualTo(400);
        HttpCalls.Reply numericTemplate =
                http.post("/v1/schedules", "{\"template_id\": 7, \"schedule\": \"rate(1 hour)\"}");
        assertThat(numericTemplate.status()).isEqualTo(400);
        assertThat(numericTemplate.json().get("message").asText()).contains("template_id");
        HttpCalls.Reply objectDescription = http.post(
                "/v1/schedules",
                "{\"template_id\": \"model_free_v1\", \"schedule\": \"rate(1 hour)\", \"description\": {}}");
        assertThat(objectDescription.status()).isEqualTo(400);
        assertThat(objectDescription.json().get("message").asText()).contains("description");

        assertThat(http.delete("/v1/schedules/" + id).status()).isEqualTo(200);
        assertThatThrownBy(() ->
                        aws.scheduler().getSchedule(r -> r.groupName(group).name(id)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(http.get("/v1/schedules/" + id).status()).isEqualTo(404);
    }

    @Test
    void webhooksPointingIntoTheNetworkAreRefusedAtSubmission() {
        for (String url : new String[] {
            "https://169.254.169.254/latest/meta-data/",
            "https://127.0.0.1/hook",
            "https://localhost:8443/hook",
            "http://hooks.example.com/in"
        }) {
            HttpCalls.Reply refused = http.post(
                    "/v1/workflows/execute",
                    "{\"workflow_id\": \"model_free_v1\"," + " \"notification_config\": {\"webhook_url\": \"" + url
                            + "\"}}");

            assertThat(refused.status()).as(url).isEqualTo(400);
            assertThat(refused.json().get("message").asText()).as(url).startsWith("notification_config.webhook_url ");
            assertThat(refused.json().get("details").get(0).get("code").asText())
                    .isEqualTo("URL_NOT_ALLOWED");
        }
        HttpCalls.Reply metadata = http.post(
                "/v1/workflows/execute",
                "{\"workflow_id\": \"model_free_v1\"," + " \"webhook_url\": \"https://169.254.169.254/\"}");
        assertThat(metadata.json().get("message").asText())
                .contains("link-local")
                .contains("169.254.169.254");
    }

    @Test
    void theTenantsWebhookSecretIsCreatedOnceAndKept() {
        HttpCalls.Reply first = http.get("/v1/webhooks/secret");
        HttpCalls.Reply second = http.get("/v1/webhooks/secret");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("webhook_secret").asText())
                .startsWith("whsec_")
                .hasSize(6 + 64)
                .isEqualTo(second.json().get("webhook_secret").asText());
        assertThat(first.json().get("signature_header").asText()).isEqualTo("X-ComfyLess-Signature");
    }

    @Test
    void anUnknownBatchIsNotFound() {
        assertThat(http.get("/v1/batches/batch_00000000000000000000").status()).isEqualTo(404);
    }
}
