package io.comfyless.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comfyless.core.error.ValidationException;
import io.comfyless.core.json.Json;
import io.comfyless.core.template.BuiltInTemplates;
import io.comfyless.core.workflow.InputOverrides;
import io.comfyless.core.workflow.SeedSource;
import io.comfyless.core.workflow.ValidationRules;
import io.comfyless.core.workflow.WorkflowValidator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRequestParserTimeoutLimitTest {

    private static final Duration BASIC_LIMIT = Duration.ofSeconds(300);
    private static final String GRAPH =
            "{\"1\": {\"class_type\": \"EmptyImage\", \"inputs\": {\"width\": 8, \"height\": 8,"
                    + " \"batch_size\": 1, \"color\": 0}}, \"2\": {\"class_type\": \"SaveImage\", \"inputs\": {\"images\": [\"1\", 0],"
                    + " \"filename_prefix\": \"t\"}}}";

    private final JobRequestParser parser = new JobRequestParser(
            new WorkflowValidator(ValidationRules.from(name -> null)),
            new InputOverrides(SeedSource.secureRandom()),
            BuiltInTemplates.load());

    private JobRequest parse(String extra) {
        return parser.parseExecution("t", Json.read("{\"workflow\": " + GRAPH + extra + "}"), Map.of(), BASIC_LIMIT);
    }

    @Test
    void aTimeoutAboveTheTiersLimitIsA400NamingTheField() {
        assertThatThrownBy(() -> parse(", \"execution_config\": {\"timeout\": 1800}"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("at most 300 s")
                .satisfies(e -> assertThat(
                                ((ValidationException) e).details().get(0).field())
                        .isEqualTo("execution_config.timeout"));
        assertThatThrownBy(() -> parse(", \"timeout_minutes\": 30"))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(
                                ((ValidationException) e).details().get(0).field())
                        .isEqualTo("timeout_minutes"));
    }

    @Test
    void bothTimeoutsAreCheckedWhenExecutionConfigWins() {
        assertThatThrownBy(() -> parse(", \"execution_config\": {\"timeout\": 60}, \"timeout_minutes\": 61"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("timeout_minutes must be an integer from 1 to 60");
        assertThat(parse(", \"execution_config\": {\"timeout\": 60}, \"timeout_minutes\": 2")
                        .execution()
                        .timeout())
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aTimeoutWithinTheLimitIsKept() {
        assertThat(parse(", \"execution_config\": {\"timeout\": 300}")
                        .execution()
                        .timeout())
                .isEqualTo(BASIC_LIMIT);
    }

    @Test
    void theDefaultTimeoutShrinksToTheLimit() {
        assertThat(parse("").execution().timeout()).isEqualTo(BASIC_LIMIT);
        assertThat(parser.parseExecution("t", Json.read("{\"workflow\": " + GRAPH + "}"), Map.of())
                        .execution()
                        .timeout())
                .isEqualTo(ExecutionConfig.DEFAULT_TIMEOUT);
    }
}
