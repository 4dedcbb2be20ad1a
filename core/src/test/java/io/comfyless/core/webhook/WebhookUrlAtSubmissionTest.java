package io.comfyless.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comfyless.core.error.ValidationException;
import io.comfyless.core.job.JobRequestParser;
import io.comfyless.core.json.Json;
import io.comfyless.core.template.BuiltInTemplates;
import io.comfyless.core.workflow.InputOverrides;
import io.comfyless.core.workflow.ValidationRules;
import io.comfyless.core.workflow.WorkflowValidator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Webhook URLs are refused at submission when their very spelling points inward. */
class WebhookUrlAtSubmissionTest {

    private static JobRequestParser parser(boolean insecure) {
        return new JobRequestParser(
                new WorkflowValidator(ValidationRules.defaults()),
                new InputOverrides(() -> 1L),
                BuiltInTemplates.load(),
                new WebhookPolicy(insecure, 8, java.time.Duration.ofSeconds(1)).guard());
    }

    private static String body(String url) {
        return "{\"workflow_id\": \"model_free_v1\", \"notification_config\": {\"webhook_url\": \"" + url + "\"}}";
    }

    private static ValidationException refused(String url) {
        return (ValidationException) org.assertj.core.api.Assertions.catchThrowable(
                () -> parser(false).parseExecution("t", Json.read(body(url)), Map.of()));
    }

    @Test
    void theMetadataAddressIsRefusedNamingTheField() {
        ValidationException e = refused("https://169.254.169.254/latest/meta-data/");

        assertThat(e.getMessage())
                .isEqualTo("notification_config.webhook_url points to a link-local address"
                        + " such as cloud instance metadata (169.254.169.254), which is not allowed");
        assertThat(e.details().get(0).code()).isEqualTo("URL_NOT_ALLOWED");
        assertThat(e.details().get(0).field()).isEqualTo("notification_config.webhook_url");
    }

    @Test
    void loopbackPrivateAndLocalhostAreRefused() {
        assertThat(refused("https://127.0.0.1:8080/hook").getMessage()).contains("loopback");
        assertThat(refused("https://[::1]/hook").getMessage()).contains("loopback");
        assertThat(refused("https://localhost/hook").getMessage()).contains("loopback");
        assertThat(refused("https://10.0.0.7/hook").getMessage()).contains("private");
        assertThat(refused("https://192.168.1.1/hook").getMessage()).contains("private");
    }

    @Test
    void plainHttpIsRefusedOnADeployedStack() {
        assertThat(refused("http://hooks.example.com/in").getMessage()).contains("must use https");
    }

    @Test
    void aPublicHttpsNameIsAcceptedWithoutWaitingForDns() {
        assertThat(parser(false)
                        .parseExecution("t", Json.read(body("https://hooks.example.invalid/in")), Map.of())
                        .notification()
                        .webhookUrl())
                .isEqualTo("https://hooks.example.invalid/in");
    }

    @Test
    void theInsecureSettingAllowsLocalReceivers() {
        assertThat(parser(true)
                        .parseExecution("t", Json.read(body("http://127.0.0.1:9000/hook")), Map.of())
                        .notification()
                        .webhookUrl())
                .isEqualTo("http://127.0.0.1:9000/hook");
        assertThatThrownBy(() -> parser(true).parseExecution("t", Json.read(body("ftp://127.0.0.1/hook")), Map.of()))
                .hasMessageContaining("http or https");
    }
}
