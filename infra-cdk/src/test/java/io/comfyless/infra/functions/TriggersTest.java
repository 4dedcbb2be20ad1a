package io.comfyless.infra.functions;

import static io.comfyless.infra.Resources.list;
import static io.comfyless.infra.Resources.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Bucket;
import io.comfyless.contract.Events;
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

    @Test
    void aManifestUnderBatchesIncomingOnTheDefaultBusStartsTheBatchAlias() {
        Map<String, Object> rule = rule("TriggersBatchManifestUploaded");
        String bucket = Resources.idOf(template, "AWS::S3::Bucket", "Data" + Bucket.LOGICAL_ID);

        assertThat(rule).as("S3 only publishes to the default bus").doesNotContainKey("EventBusName");
        assertThat(rule.get("EventPattern")).isEqualTo(Map.of(
                "source", List.of(Events.S3_SOURCE),
                "detail-type", List.of(Events.S3_OBJECT_CREATED),
                "detail", Map.of(
                        "bucket", Map.of("name", List.of(Resources.ref(bucket))),
                        "object", Map.of("key", List.of(Map.of("prefix", Bucket.BATCH_INCOMING_PREFIX))))));
        Map<String, Object> target = map(list(rule.get("Targets")).get(0));
        assertThat(target.get("Arn")).isEqualTo(Resources.ref(FunctionsTest.aliasId(template, FunctionKind.BATCH)));
        assertThat(target.get("DeadLetterConfig")).isEqualTo(Map.of("Arn", Resources.getAtt(queueId(Queue.BATCH_EVENTS_DLQ), "Arn")));
    }

    @Test
    void batchInvocationsThatFailForGoodLandInTheBatchDeadLetterQueue() {
        template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "FunctionName", Resources.ref(FunctionsTest.functionId(template, FunctionKind.BATCH)),
                "MaximumRetryAttempts", 2,
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination", Resources.getAtt(queueId(Queue.BATCH_EVENTS_DLQ), "Arn")))));
    }

    @Test
    void theWebhookAliasConsumesTheWebhooksQueueReportingItemFailures() {
        Map<String, Object> mapping = Resources.ofType(template, "AWS::Lambda::EventSourceMapping").values().stream()
                .map(Resources::propertiesOf)
                .filter(properties -> Resources.getAtt(queueId(Queue.WEBHOOKS), "Arn").equals(properties.get("EventSourceArn")))
                .findFirst().orElseThrow();

        assertThat(mapping.get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
        assertThat(mapping.get("BatchSize")).isEqualTo(Triggers.WEBHOOK_BATCH_SIZE);
        assertThat(mapping.get("FunctionName").toString())
                .as("the alias, not $LATEST").contains(FunctionsTest.aliasId(template, FunctionKind.WEBHOOK)).contains(":live");
    }

    @Test
    void theReaperAliasRunsEveryMinute() {
        Map<String, Object> rule = rule("TriggersReaperClock");

        assertThat(rule.get("ScheduleExpression")).isEqualTo("rate(1 minute)");
        assertThat(map(list(rule.get("Targets")).get(0)).get("Arn")).isEqualTo(Resources.ref(FunctionsTest.aliasId(template, FunctionKind.REAPER)));
    }

    @Test
    void jobStateChangesOnTheJobBusFeedTheWebhooksQueue() {
        Map<String, Object> rule = rule("EventsStateChangesToWebhooks");
        String bus = Resources.idOf(template, "AWS::Events::EventBus", "Events" + Events.BUS_LOGICAL_ID);

        assertThat(rule.get("EventBusName")).isEqualTo(Resources.ref(bus));
        assertThat(rule.get("EventPattern")).isEqualTo(Map.of("source", List.of(Events.SOURCE), "detail-type", List.of(Events.JOB_STATE_CHANGE)));
        assertThat(map(list(rule.get("Targets")).get(0)).get("Arn")).isEqualTo(Resources.getAtt(queueId(Queue.WEBHOOKS), "Arn"));
    }

    @Test
    void onlyAliasesAreInvoked() {
        Resources.ofType(template, "AWS::Lambda::Permission").values().stream().map(Resources::propertiesOf).forEach(permission ->
                assertThat(permission.get("FunctionName").toString()).contains("Alias"));
    }
}
