package io.comfyless.infra.functions;

import static io.comfyless.infra.Resources.list;
import static io.comfyless.infra.Resources.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.comfyless.contract.Batches;
import io.comfyless.contract.Bucket;
import io.comfyless.contract.Events;
import io.comfyless.contract.Live;
import io.comfyless.contract.Queue;
import io.comfyless.infra.Resources;
import io.comfyless.infra.SynthesizedStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class TriggersTest {

    private final Template template = SynthesizedStack.withDefaults().template();

    private Map<String, Object> rule(String constructPath) {
        return Resources.properties(template, "AWS::Events::Rule", constructPath);
    }

    private String queueId(Queue queue) {
        return Resources.idOf(template, "AWS::SQS::Queue", "Queues" + queue.logicalId());
    }

    private Map<String, Object> webhookMapping() {
        return Resources.ofType(template, "AWS::Lambda::EventSourceMapping").values().stream()
                .map(Resources::propertiesOf)
                .filter(properties ->
                        Resources.getAtt(queueId(Queue.WEBHOOKS), "Arn").equals(properties.get("EventSourceArn")))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aManifestUnderBatchesIncomingOnTheDefaultBusStartsTheBatchAliasWithTheContractsPattern() throws Exception {
        Map<String, Object> rule = rule("Triggers" + Batches.RULE_LOGICAL_ID);
        String bucket = Resources.idOf(template, "AWS::S3::Bucket", "Data" + Bucket.LOGICAL_ID);
        // The contract's own pattern, with the bucket's name as the template refers to it.
        String placeholder = "BUCKET-NAME";
        String expected = new ObjectMapper()
                .writeValueAsString(new ObjectMapper().readValue(Batches.manifestEventPattern(placeholder), Map.class))
                .replace("\"" + placeholder + "\"", new ObjectMapper().writeValueAsString(Resources.ref(bucket)));

        assertThat(rule).as("S3 only publishes to the default bus").doesNotContainKey("EventBusName");
        assertThat(rule.get("EventPattern")).isEqualTo(new ObjectMapper().readValue(expected, Map.class));
        Map<String, Object> target = map(list(rule.get("Targets")).get(0));
        assertThat(target.get("Arn")).isEqualTo(Resources.ref(FunctionsTest.aliasId(template, FunctionKind.BATCH)));
        assertThat(target.get("DeadLetterConfig"))
                .isEqualTo(Map.of("Arn", Resources.getAtt(queueId(Queue.BATCH_EVENTS_DLQ), "Arn")));
        assertThat(map(target.get("RetryPolicy")).get("MaximumRetryAttempts")).isEqualTo(8);
    }

    @Test
    void batchInvocationsThatFailForGoodLandInTheBatchDeadLetterQueue() {
        template.hasResourceProperties(
                "AWS::Lambda::EventInvokeConfig",
                Map.of(
                        "FunctionName", Resources.ref(FunctionsTest.functionId(template, FunctionKind.BATCH)),
                        "MaximumRetryAttempts", 2,
                        "DestinationConfig",
                                Map.of(
                                        "OnFailure",
                                        Map.of(
                                                "Destination",
                                                Resources.getAtt(queueId(Queue.BATCH_EVENTS_DLQ), "Arn")))));
    }

    @Test
    void eventPatternsWithFieldsTheAppDoesNotMapFailSynthesisInsteadOfBeingDropped() {
        assertThat(Triggers.eventPattern(Batches.manifestEventPattern("b")).getSource())
                .containsExactly(Events.S3_SOURCE);
        assertThatThrownBy(() -> Triggers.eventPattern("{\"source\":[\"x\"],\"account\":[\"1\"]}"))
                .hasMessageContaining("account");
    }

    @Test
    void theWebhookAliasConsumesTheWebhooksQueueFiveAtATimeReportingItemFailures() {
        Map<String, Object> mapping = webhookMapping();

        assertThat(mapping.get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
        assertThat((Integer) mapping.get("BatchSize"))
                .isEqualTo(Triggers.WEBHOOK_BATCH_SIZE)
                .isLessThanOrEqualTo(5);
        assertThat(mapping.get("FunctionName").toString())
                .as("the alias, not $LATEST")
                .contains(FunctionsTest.aliasId(template, FunctionKind.WEBHOOK))
                .contains(":live");
    }

    @Test
    void aBatchOfSlowDeliveriesFitsTheWebhookFunctionWhichFitsTheQueuesVisibilityTimeout() {
        int timeout =
                (Integer) FunctionsTest.function(template, FunctionKind.WEBHOOK).get("Timeout");
        int deliverySeconds = 10;

        assertThat(timeout)
                .isLessThanOrEqualTo((int) Queue.WEBHOOKS.visibilityTimeout().toSeconds())
                .isLessThanOrEqualTo(60);
        assertThat((Integer) webhookMapping().get("BatchSize") * deliverySeconds)
                .isLessThan(timeout);
    }

    @Test
    void theReaperAliasRunsEveryMinute() {
        Map<String, Object> rule = rule("TriggersReaperClock");

        assertThat(rule.get("ScheduleExpression")).isEqualTo("rate(1 minute)");
        assertThat(map(list(rule.get("Targets")).get(0)).get("Arn"))
                .isEqualTo(Resources.ref(FunctionsTest.aliasId(template, FunctionKind.REAPER)));
    }

    @Test
    void jobEventsAreNotCopiedOntoTheWebhooksQueueWhoseConsumerCouldNotReadThem() {
        String bus = Resources.idOf(template, "AWS::Events::EventBus", "Events" + Events.BUS_LOGICAL_ID);

        Resources.ofType(template, "AWS::Events::Rule").forEach((id, rule) -> {
            Map<String, Object> properties = Resources.propertiesOf(rule);
            assertThat(list(properties.getOrDefault("Targets", List.of())).toString())
                    .as(id)
                    .doesNotContain(queueId(Queue.WEBHOOKS));
        });
        assertThat(Resources.ofType(template, "AWS::Events::Rule").values().stream()
                        .map(Resources::propertiesOf)
                        .filter(rule -> Resources.ref(bus).equals(rule.get("EventBusName"))))
                .as("the live-update rule is the stack's only rule on its bus")
                .singleElement()
                .satisfies(
                        rule -> assertThat(list(rule.get("Targets")).toString()).contains(queueId(Queue.LIVE_EVENTS)));
        assertThat(Resources.ofType(template, "AWS::Events::EventBus"))
                .as("the bus itself stays, for users' own rules")
                .hasSize(1);
    }

    @Test
    void everyEventLiveClientsMayHearOfGoesFromTheBusToTheLiveEventsQueueWithTheContractsPattern() throws Exception {
        Map<String, Object> rule = rule("Triggers" + Live.RULE_LOGICAL_ID);
        String bus = Resources.idOf(template, "AWS::Events::EventBus", "Events" + Events.BUS_LOGICAL_ID);

        assertThat(rule.get("EventBusName")).isEqualTo(Resources.ref(bus));
        assertThat(rule.get("EventPattern")).isEqualTo(new ObjectMapper().readValue(Live.eventPattern(), Map.class));
        assertThat(map(list(rule.get("Targets")).get(0)).get("Arn"))
                .isEqualTo(Resources.getAtt(queueId(Queue.LIVE_EVENTS), "Arn"));
        assertThat(list(map(rule.get("EventPattern")).get("detail-type")))
                .containsExactlyInAnyOrderElementsOf(Live.DETAIL_TYPES);
    }

    @Test
    void theFanOutAliasTakesLiveEventsTenAtATimeWithoutWaitingToFillABatch() {
        Map<String, Object> mapping = Resources.ofType(template, "AWS::Lambda::EventSourceMapping").values().stream()
                .map(Resources::propertiesOf)
                .filter(properties ->
                        Resources.getAtt(queueId(Queue.LIVE_EVENTS), "Arn").equals(properties.get("EventSourceArn")))
                .findFirst()
                .orElseThrow();

        assertThat(mapping.get("BatchSize")).isEqualTo(Triggers.LIVE_BATCH_SIZE);
        assertThat(mapping.getOrDefault("MaximumBatchingWindowInSeconds", 0)).isEqualTo(0);
        assertThat(mapping.get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
        assertThat(mapping.get("FunctionName").toString())
                .contains(FunctionsTest.aliasId(template, FunctionKind.FANOUT))
                .contains(":live");
        assertThat((Integer)
                        FunctionsTest.function(template, FunctionKind.FANOUT).get("Timeout"))
                .as("Lambda requires it to fit the queue's visibility timeout")
                .isLessThanOrEqualTo((int) Queue.LIVE_EVENTS.visibilityTimeout().toSeconds());
    }

    @Test
    void onlyAliasesAreInvoked() {
        Resources.ofType(template, "AWS::Lambda::Permission").values().stream()
                .map(Resources::propertiesOf)
                .forEach(permission ->
                        assertThat(permission.get("FunctionName").toString()).contains("Alias"));
    }
}
