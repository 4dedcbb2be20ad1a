package io.comfyless.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.error.UnprocessableWorkflowException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.error.WorkflowValidationException;
import io.comfyless.core.json.Json;
import io.comfyless.core.template.BuiltInTemplates;
import io.comfyless.core.workflow.InputOverrides;
import io.comfyless.core.workflow.ValidationRules;
import io.comfyless.core.workflow.WorkflowValidator;
import io.comfyless.testkit.fixtures.SeedRequests;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRequestParserTest {

    private final JobRequestParser parser = new JobRequestParser(
            new WorkflowValidator(ValidationRules.defaults()), new InputOverrides(() -> 99L), BuiltInTemplates.load());

    private static JsonNode body(String json) {
        return Json.read(json.replace('\'', '"'));
    }

    @Test
    void refusesSeed002sExampleBecauseItsKSamplerLinksToANodeTheExampleLeftOut() {
        JsonNode seed002 = Json.read(SeedRequests.seed002Execute());

        assertThatThrownBy(() -> parser.parseExecution("t", seed002, Map.of()))
                .isInstanceOfSatisfying(
                        WorkflowValidationException.class,
                        e -> assertThat(e.details())
                                .extracting(ErrorDetail::nodeId, ErrorDetail::input)
                                .containsExactly(tuple("2", "noise")));
    }

    @Test
    void acceptsEverySectionOfSeed002sBodyOnceTheGraphIsComplete() {
        ObjectNode seed002 = (ObjectNode) Json.read(SeedRequests.seed002Execute());
        ((ObjectNode) seed002.get("workflow").get("nodes"))
                .set("3", body("{'class_type': 'RandomNoise', 'inputs': {'noise_seed': 0}}"));

        JobRequest request = parser.parseExecution("t", seed002, Map.of());

        assertThat(request.priority()).isEqualTo(new Priority(5));
        assertThat(request.execution()).isEqualTo(new ExecutionConfig(Duration.ofSeconds(1800), 2));
        assertThat(request.notification().webhookUrl()).isEqualTo("https://api.client.com/comfyui/callback");
        assertThat(request.notification().webhookSecret()).isEqualTo("webhook_signature_secret");
        assertThat(request.notification().includeProgress()).isTrue();
        assertThat(request.outputConfig().get("format").asText()).isEqualTo("png");
        assertThat(request.workflow().inputs("1").get("text").asText())
                .isEqualTo("A serene mountain landscape at sunset");
        assertThat(request.workflow().inputs("2").get("steps").asInt()).isEqualTo(25);
        assertThat(request.workflow().inputs("2").get("cfg").asDouble()).isEqualTo(7.5);
        assertThat(request.workflow().inputs("3").get("noise_seed").asLong()).isEqualTo(12345);
        assertThat(request.seed()).isEqualTo(12345L);
    }

    @Test
    void acceptsSeed001sBodyAsWritten() {
        JobRequest request = parser.parseExecution("t", Json.read(SeedRequests.seed001Execute()), Map.of());

        assertThat(request.priority().lane()).isEqualTo(Lane.NORMAL);
        assertThat(request.execution().timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(request.notification().webhookUrl()).isEqualTo("https://your-app.com/webhook");
        assertThat(request.metadata().get("user_tag").asText()).isEqualTo("batch_001");
        assertThat(request.workflow().inputs("3").get("seed").asLong()).isEqualTo(12345);
    }

    @Test
    void acceptsSeed000sTaskWithAFullGraphAsPayload() {
        JobRequest request = parser.parseTask("t", Json.read(SeedRequests.taskSubmit()));

        assertThat(request.workflowId()).isEqualTo("text_to_image_v1");
        assertThat(request.priority()).isEqualTo(new Priority(5));
        assertThat(request.workflow().inputs("3").get("seed").asLong()).isEqualTo(46588125086418L);
        assertThat(request.seed()).isEqualTo(46588125086418L);
    }

    @Test
    void runsSeed000sParameterPayloadThroughTheNamedTemplate() {
        JobRequest request = parser.parseTask("t", Json.read(SeedRequests.taskParameters()));

        assertThat(request.workflowId()).isEqualTo("text_to_image_v1");
        assertThat(request.workflow().inputs("6").get("text").asText())
                .isEqualTo("A beautiful landscape with mountains");
        assertThat(request.workflow().inputs("7").get("text").asText()).isEqualTo("blurry, low quality");
        assertThat(request.workflow().inputs("3").get("cfg").asDouble()).isEqualTo(7.5);
        assertThat(request.workflow().inputs("3").get("sampler_name").asText()).isEqualTo("dpmpp_2m");
        assertThat(request.workflow().inputs("3").get("scheduler").asText()).isEqualTo("karras");
        assertThat(request.seed()).isEqualTo(99L);
    }

    @Test
    void saysWorkflowIdIsRequiredForTasksLikeSeed000Does() {
        assertThatThrownBy(() -> parser.parseTask("t", body("{'payload': {}}")))
                .isInstanceOf(ValidationException.class)
                .hasMessage("workflow_id is required");
    }

    @Test
    void refusesAParameterPayloadForAnUnknownTemplate() {
        assertThatThrownBy(() -> parser.parseTask("t", body("{'workflow_id': 'nope', 'payload': {'prompt': 'x'}}")))
                .isInstanceOf(UnprocessableWorkflowException.class)
                .hasMessageContaining("'nope'");
    }

    @Test
    void namesTheFieldOfAnOutOfRangeSetting() {
        String template = "{'workflow': {'1': {'class_type': 'EmptyImage', 'inputs': {}}}, 'execution_config': %s}";

        assertThatThrownBy(() -> parser.parseExecution("t", body(template.formatted("{'timeout': 0}")), Map.of()))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.details().get(0).field()).isEqualTo("execution_config.timeout"));
        assertThatThrownBy(
                        () -> parser.parseExecution("t", body(template.formatted("{'retry_attempts': 9}")), Map.of()))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.details().get(0).field()).isEqualTo("execution_config.retry_attempts"));
    }

    @Test
    void keepsIntermediateOutputsWhenSeed002AsksInItsNotificationConfig() {
        JobRequest request = parser.parseExecution(
                "t",
                body(
                        "{'workflow': {'1': {'class_type': 'EmptyImage', 'inputs': {}}},"
                                + " 'output_config': {'format': 'png'}, 'notification_config': {'include_intermediate': true}}"),
                Map.of());

        assertThat(request.outputConfig().get("include_intermediate").asBoolean())
                .isTrue();
        assertThat(request.outputConfig().get("format").asText()).isEqualTo("png");
    }

    @Test
    void takesATasksWebhookFromNotificationConfigToo() {
        JobRequest request = parser.parseTask(
                "t",
                body("{'workflow_id': 'w', 'payload': {'1': {'class_type': 'EmptyImage', 'inputs': {}}},"
                        + " 'notification_config': {'webhook_url': 'https://hooks.example.com/t'}}"));

        assertThat(request.notification().webhookUrl()).isEqualTo("https://hooks.example.com/t");
    }

    @Test
    void refusesAShortWebhookSecretEvenWithoutAUrlToSignFor() {
        assertThatThrownBy(() -> parser.parseTask(
                        "t",
                        body("{'workflow_id': 'w', 'payload': {'1': {'class_type': 'EmptyImage', 'inputs': {}}},"
                                + " 'notification_config': {'webhook_secret': ''}}")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("webhook_secret must be a string of at least 8 characters");
    }

    @Test
    void takesTheWebhookAndClientIdFromHeadersWhenTheBodyHasNone() {
        JobRequest request = parser.parseExecution(
                "t",
                body("{'workflow': {'1': {'class_type': 'EmptyImage', 'inputs': {}}}}"),
                Map.of("x-webhook-url", "https://hooks.example.com/a", "x-client-id", "app-7"));

        assertThat(request.notification().webhookUrl()).isEqualTo("https://hooks.example.com/a");
        assertThat(request.clientId()).isEqualTo("app-7");
    }

    @Test
    void refusesAWebhookHeaderThatIsNoUrlEvenWhenTheBodyNamesAWebhook() {
        assertThatThrownBy(() -> parser.parseExecution(
                        "t",
                        body("{'workflow': {'1': {'class_type': 'EmptyImage', 'inputs': {}}},"
                                + " 'webhook_url': 'https://hooks.example.com/b'}"),
                        Map.of("x-webhook-url", "\u0084")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("X-Webhook-URL");
    }

    @Test
    void hashesRequestsIndependentlyOfKeyOrder() {
        String a = JobRequestParser.hash("execute", body("{'a': 1, 'b': {'c': 2, 'd': 3}}"));
        String b = JobRequestParser.hash("execute", body("{'b': {'d': 3, 'c': 2}, 'a': 1}"));
        String c = JobRequestParser.hash("execute", body("{'a': 2, 'b': {'c': 2, 'd': 3}}"));

        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }
}
