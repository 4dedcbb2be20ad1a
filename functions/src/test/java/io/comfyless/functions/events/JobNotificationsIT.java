package io.comfyless.functions.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.contract.Events;
import io.comfyless.contract.Queue;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobRequest;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.Notification;
import io.comfyless.core.json.Json;
import io.comfyless.core.webhook.WebhookSigner;
import io.comfyless.core.workflow.Workflow;
import io.comfyless.functions.ApiFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Done criterion (2), and job events on the bus: a job runs on a runner against the ComfyUI double;
 * its webhook receiver fails three times per event, then acknowledges; each event is acknowledged
 * exactly once, never delivered again, and signed. Every transition is on the EventBridge bus.
 */
class JobNotificationsIT {

    private static final String WORKFLOW =
            "{\"1\": {\"class_type\": \"EmptyImage\", \"inputs\": {\"width\": 8, \"height\": 8,"
                    + " \"batch_size\": 1, \"color\": 0}}, \"2\": {\"class_type\": \"SaveImage\", \"inputs\": {\"images\": [\"1\", 0],"
                    + " \"filename_prefix\": \"hook\"}}}";

    private static EventStack stack;
    private static WebhookReceiver receiver;
    private static String busQueue;

    @BeforeAll
    static void start() {
        stack = new EventStack(1);
        receiver = new WebhookReceiver(3);
        busQueue = stack.aws
                .sqs()
                .createQueue(r -> r.queueName(stack.resources.prefix() + "-bus-tap"))
                .queueUrl();
        String busQueueArn = stack.aws
                .sqs()
                .getQueueAttributes(r -> r.queueUrl(busQueue).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        stack.aws
                .events()
                .putRule(r -> r.name("tap")
                        .eventBusName(stack.config.eventBus())
                        .eventPattern("{\"source\": [\"" + Events.SOURCE + "\"], \"detail-type\": [\""
                                + Events.JOB_STATE_CHANGE + "\"]}"));
        stack.aws
                .events()
                .putTargets(r -> r.rule("tap")
                        .eventBusName(stack.config.eventBus())
                        .targets(Target.builder().id("tap").arn(busQueueArn).build()));
    }

    @AfterAll
    static void stop() {
        receiver.close();
        stack.close();
    }

    private static Job submit(String secret) {
        JobRequest request = JobRequest.builder(Workflow.of((ObjectNode) Json.read(WORKFLOW)))
                .notification(new Notification(receiver.url().toString(), secret, false))
                .build();
        return ApiFactory.jobService(stack.adapters, Clock.systemUTC())
                .submit("tenant-a", request, Optional.empty())
                .job();
    }

    @Test
    void eachEventIsAcknowledgedExactlyOnceAfterThreeFailuresAndIsSigned() {
        Job job = submit("job-secret-123");

        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged().size() == 2);
        await().atMost(Duration.ofSeconds(30)).until(JobNotificationsIT::webhooksDrained);
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> receiver.deliveries().size() == 8);

        assertThat(acknowledged())
                .extracting(d -> Json.read(d.body()).get("event_type").asText())
                .containsExactlyInAnyOrder("execution.started", "execution.completed");
        Map<String, List<Integer>> attemptsByEvent = receiver.deliveries().stream()
                .collect(Collectors.groupingBy(
                        WebhookReceiver.Delivery::eventId,
                        Collectors.mapping(
                                d -> Json.read(d.body()).get("delivery_attempt").asInt(), Collectors.toList())));
        assertThat(attemptsByEvent.values())
                .allSatisfy(attempts -> assertThat(attempts).containsExactly(1, 2, 3, 4));
        assertThat(receiver.deliveries()).allSatisfy(delivery -> {
            assertThat(WebhookSigner.verify(
                            "job-secret-123", delivery.timestamp(), delivery.body(), delivery.signature()))
                    .as("HMAC-SHA256 of <timestamp>.<body> with the job's secret")
                    .isTrue();
            assertThat(Math.abs(Instant.now().getEpochSecond() - delivery.timestamp()))
                    .isLessThan(120);
        });
        JsonNode completed = acknowledged().stream()
                .map(d -> Json.read(d.body()))
                .filter(body -> body.get("event_type").asText().equals("execution.completed"))
                .findFirst()
                .orElseThrow();
        assertThat(completed.get("execution_id").asText()).isEqualTo(job.id());
        assertThat(completed.get("event").asText()).isEqualTo("workflow.completed");
        assertThat(completed.get("data").get("status").asText()).isEqualTo("completed");
        assertThat(completed
                        .get("data")
                        .get("results")
                        .get("outputs")
                        .get(0)
                        .get("key")
                        .asText())
                .startsWith("outputs/" + job.id() + "/1/");
        assertThat(stack.adapters.jobStore().find(job.id()).orElseThrow().status())
                .isEqualTo(JobStatus.COMPLETED);

        List<JsonNode> busEvents = busEventsFor(job.id(), 3);
        assertThat(busEvents)
                .extracting(e -> e.get("detail").get("status").asText())
                .containsExactly("pending", "running", "completed");
        JsonNode done = busEvents.get(2);
        assertThat(done.get("source").asText()).isEqualTo("comfyless");
        assertThat(done.get("detail-type").asText()).isEqualTo("Job State Change");
        assertThat(done.get("detail").get("tenant").asText()).isEqualTo("tenant-a");
        assertThat(done.get("detail").get("attempt").asInt()).isEqualTo(1);
        assertThat(done.get("detail").get("previous_status").asText()).isEqualTo("running");
        assertThat(done.get("detail").get("outputs").get(0).asText()).startsWith("outputs/" + job.id());
        assertThat(done.get("detail").has("started_at")).isTrue();
        assertThat(done.toString()).doesNotContain("job-secret-123");
    }

    private static List<WebhookReceiver.Delivery> acknowledged() {
        return receiver.deliveries().stream().filter(d -> d.status() == 200).toList();
    }

    private static boolean webhooksDrained() {
        Map<QueueAttributeName, String> attributes = stack.aws
                .sqs()
                .getQueueAttributes(r -> r.queueUrl(stack.config.queueUrl(Queue.WEBHOOKS))
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                && "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static List<JsonNode> busEventsFor(String jobId, int expected) {
        List<JsonNode> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (Message message : stack.aws
                    .sqs()
                    .receiveMessage(
                            r -> r.queueUrl(busQueue).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages()) {
                JsonNode event = Json.read(message.body());
                if (event.path("detail").path("execution_id").asText().equals(jobId)) {
                    events.add(event);
                }
                stack.aws.sqs().deleteMessage(r -> r.queueUrl(busQueue).receiptHandle(message.receiptHandle()));
            }
            return events.size() >= expected;
        });
        events.sort((a, b) -> a.get("detail")
                .get("changed_at")
                .asText()
                .compareTo(b.get("detail").get("changed_at").asText()));
        return events;
    }
}
