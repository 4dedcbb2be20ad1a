package io.comfyless.infra.observability;

import static io.comfyless.infra.Resources.list;
import static io.comfyless.infra.Resources.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Queue;
import io.comfyless.infra.Resources;
import io.comfyless.infra.SynthesizedStack;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awscdk.assertions.Template;

class QueueAlarmsTest {

    private static final String ALARM = "AWS::CloudWatch::Alarm";

    private static Optional<Map<String, Object>> alarmOn(Template template, Queue spec, String metricName) {
        String queueId = Resources.idOf(template, "AWS::SQS::Queue", "Queues" + spec.logicalId());
        return Resources.ofType(template, ALARM).values().stream()
                .map(Resources::propertiesOf)
                .filter(alarm -> metricName.equals(alarm.get("MetricName")) && "AWS/SQS".equals(alarm.get("Namespace")))
                .filter(alarm -> list(alarm.get("Dimensions"))
                        .contains(Map.of("Name", "QueueName", "Value", Resources.getAtt(queueId, "QueueName"))))
                .findFirst();
    }

    private static String topicId(Template template) {
        return Resources.idOf(template, "AWS::SNS::Topic", "AlarmsTopic");
    }

    @ParameterizedTest
    @EnumSource(Queue.class)
    void deadLetterQueuesAlarmOnTheFirstMessageAndWorkQueuesOnOldMessages(Queue spec) {
        Template template = SynthesizedStack.withDefaults().template();
        Map<String, Object> alarm = spec.isDeadLetterQueue()
                ? alarmOn(template, spec, "ApproximateNumberOfMessagesVisible").orElseThrow()
                : alarmOn(template, spec, "ApproximateAgeOfOldestMessage").orElseThrow();

        assertThat(alarm.get("ComparisonOperator")).isEqualTo("GreaterThanThreshold");
        assertThat(alarm.get("Threshold")).isEqualTo(spec.isDeadLetterQueue() ? 0 : 900);
        assertThat(list(alarm.get("AlarmActions"))).containsExactly(Resources.ref(topicId(template)));
    }

    @Test
    void oldestMessageThresholdComesFromContext() {
        Template template = SynthesizedStack.withCustomSettings().template();

        assertThat(alarmOn(template, Queue.JOBS_NORMAL, "ApproximateAgeOfOldestMessage")
                        .orElseThrow()
                        .get("Threshold"))
                .isEqualTo(300);
    }

    @Test
    void theAlarmTopicIsEncryptedAndRefusesRequestsWithoutTls() {
        Template template = SynthesizedStack.withDefaults().template();
        String key = Resources.idOf(template, "AWS::KMS::Key", "AlarmsTopicKey");

        assertThat(Resources.properties(template, "AWS::SNS::Topic", "AlarmsTopic")
                        .get("KmsMasterKeyId"))
                .isEqualTo(Resources.getAtt(key, "Arn"));
        assertThat(list(map(Resources.properties(template, "AWS::KMS::Key", "AlarmsTopicKey")
                                .get("KeyPolicy"))
                        .get("Statement")))
                .as("CloudWatch must be able to use the key, or alarms never arrive")
                .anySatisfy(statement -> assertThat(map(statement).get("Principal"))
                        .isEqualTo(Map.of("Service", "cloudwatch.amazonaws.com")));
        boolean tlsOnly = Resources.ofType(template, "AWS::SNS::TopicPolicy").values().stream()
                .map(Resources::propertiesOf)
                .filter(policy -> list(policy.get("Topics")).contains(Resources.ref(topicId(template))))
                .flatMap(policy -> list(map(policy.get("PolicyDocument")).get("Statement")).stream())
                .map(Resources::map)
                .anyMatch(statement -> "Deny".equals(statement.get("Effect"))
                        && Map.of("Bool", Map.of("aws:SecureTransport", "false"))
                                .equals(statement.get("Condition")));
        assertThat(tlsOnly).isTrue();
    }

    @Test
    void subscribesTheAlarmEmailOnlyWhenGiven() {
        assertThat(Resources.ofType(SynthesizedStack.withDefaults().template(), "AWS::SNS::Subscription"))
                .isEmpty();
        Template custom = SynthesizedStack.withCustomSettings().template();
        custom.hasResourceProperties(
                "AWS::SNS::Subscription",
                Map.of("Protocol", "email", "Endpoint", "ops@example.com", "TopicArn", Resources.ref(topicId(custom))));
    }
}
