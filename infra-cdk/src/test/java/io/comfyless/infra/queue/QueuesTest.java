package io.comfyless.infra.queue;

import static io.comfyless.infra.Resources.list;
import static io.comfyless.infra.Resources.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Queue;
import io.comfyless.infra.Resources;
import io.comfyless.infra.SynthesizedStack;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awscdk.assertions.Template;

class QueuesTest {

    private static final String QUEUE = "AWS::SQS::Queue";
    private final Template template = SynthesizedStack.withDefaults().template();

    private String idOf(Queue spec) {
        return Resources.idOf(template, QUEUE, "Queues" + spec.logicalId());
    }

    private Map<String, Object> queue(Queue spec) {
        return Resources.properties(template, QUEUE, "Queues" + spec.logicalId());
    }

    @Test
    void thereIsExactlyOneQueuePerContractQueue() {
        assertThat(Resources.ofType(template, QUEUE)).hasSize(Queue.values().length);
    }

    @ParameterizedTest
    @EnumSource(Queue.class)
    void visibilityTimeoutAndRetentionMatchTheContract(Queue spec) {
        assertThat(queue(spec).get("VisibilityTimeout"))
                .isEqualTo((int) spec.visibilityTimeout().toSeconds());
        assertThat(queue(spec).get("MessageRetentionPeriod"))
                .isEqualTo((int) spec.retention().toSeconds());
    }

    @ParameterizedTest
    @EnumSource(Queue.class)
    void redrivesToTheContractDeadLetterQueueAfterTheContractReceiveCount(Queue spec) {
        if (spec.isDeadLetterQueue()) {
            assertThat(queue(spec)).doesNotContainKey("RedrivePolicy");
            return;
        }
        Queue deadLetters = spec.deadLetterQueue().orElseThrow();
        assertThat(queue(spec).get("RedrivePolicy"))
                .isEqualTo(Map.of(
                        "deadLetterTargetArn", Resources.getAtt(idOf(deadLetters), "Arn"),
                        "maxReceiveCount", spec.maxReceiveCount()));
    }

    @ParameterizedTest
    @EnumSource(Queue.class)
    void isEncryptedWithSqsManagedKeys(Queue spec) {
        assertThat(queue(spec).get("SqsManagedSseEnabled")).isEqualTo(true);
    }

    @ParameterizedTest
    @EnumSource(Queue.class)
    void refusesRequestsWithoutTls(Queue spec) {
        boolean denied = Resources.ofType(template, "AWS::SQS::QueuePolicy").values().stream()
                .map(Resources::propertiesOf)
                .filter(policy -> list(policy.get("Queues")).contains(Resources.ref(idOf(spec))))
                .flatMap(policy -> list(map(policy.get("PolicyDocument")).get("Statement")).stream())
                .map(Resources::map)
                .anyMatch(statement -> "Deny".equals(statement.get("Effect"))
                        && Map.of("Bool", Map.of("aws:SecureTransport", "false"))
                                .equals(statement.get("Condition")));
        assertThat(denied).isTrue();
    }
}
