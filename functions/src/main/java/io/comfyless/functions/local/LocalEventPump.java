package io.comfyless.functions.local;

import io.comfyless.contract.Queue;
import io.comfyless.core.batch.BatchIngest;
import io.comfyless.core.batch.BatchSource;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.json.Json;
import io.comfyless.core.live.ConnectionGateway;
import io.comfyless.core.live.LiveEvent;
import io.comfyless.core.live.LiveFanOut;
import io.comfyless.core.schedule.LocalScheduleTrigger;
import io.comfyless.core.webhook.ReceivedWebhook;
import io.comfyless.core.webhook.WebhookConsumer;
import io.comfyless.core.webhook.WebhookQueue;
import io.comfyless.functions.Handlers;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What Lambda's event sources and Scheduler do in AWS, done in-process for the local stack, which
 * the emulator cannot run functions for. It drains the batch-events queue (where the local
 * EventBridge rule puts S3's "Object Created" events) into the batch ingest, drains the webhooks
 * queue into the webhook consumer, ticks the local schedule trigger, and, given the local server's
 * sockets, drains the live-events queue into the live-update fan-out: the same handlers the
 * {@code batch}, {@code webhook}, {@code schedule} and {@code fanout} functions call. Stops on close.
 */
public final class LocalEventPump implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalEventPump.class);
    private static final Duration POLL_WAIT = Duration.ofSeconds(1);
    private static final int WEBHOOK_WORKERS = 4;
    /** A batch event that failed comes back after this, not after the queue's five minutes. */
    private static final int BATCH_RETRY_SECONDS = 5;

    private static final Duration SCHEDULE_TICK = Duration.ofSeconds(20);

    private static final int LIVE_EVENTS_PER_DELIVERY = 50;

    /** Posts to many local sockets side by side, as the fan-out function does to API Gateway. */
    private static final int LIVE_POST_THREADS = 4;

    private final ExecutorService threads;
    private volatile ExecutorService posts;
    private volatile boolean running = true;

    private LocalEventPump(ExecutorService threads) {
        this.threads = threads;
    }

    /** Starts draining the queues of {@code adapters}' stack (and ticking its schedules, when it has a schedule group). */
    public static LocalEventPump start(Adapters adapters, Clock clock) {
        return start(adapters, clock, Optional.empty());
    }

    /** As {@link #start(Adapters, Clock)}, and delivers live updates to {@code live}'s connections. */
    public static LocalEventPump start(Adapters adapters, Clock clock, ConnectionGateway live) {
        return start(adapters, clock, Optional.of(live));
    }

    private static LocalEventPump start(Adapters adapters, Clock clock, Optional<ConnectionGateway> live) {
        ExecutorService threads = Executors.newFixedThreadPool(WEBHOOK_WORKERS + 3, runnable -> {
            Thread thread = new Thread(runnable, "local-event-pump");
            thread.setDaemon(true);
            return thread;
        });
        LocalEventPump pump = new LocalEventPump(threads);
        BatchIngest ingest = Handlers.batchIngest(adapters, clock);
        SqsClient sqs = adapters.aws().sqs();
        String batchEvents = adapters.config().queueUrl(Queue.BATCH_EVENTS);
        threads.submit(() -> pump.loop("batch events", () -> pump.drainBatchEvents(sqs, batchEvents, ingest)));
        WebhookQueue webhooks = adapters.webhookQueue();
        WebhookConsumer consumer = Handlers.webhookConsumer(adapters, clock);
        for (int i = 0; i < WEBHOOK_WORKERS; i++) {
            threads.submit(() -> pump.loop("webhooks", () -> pump.drainWebhooks(webhooks, consumer)));
        }
        Optional<LocalScheduleTrigger> trigger = adapters.config()
                .scheduleTarget()
                .map(target -> new LocalScheduleTrigger(
                        adapters.aws().scheduler(),
                        target.group(),
                        Handlers.scheduleDispatcher(adapters, clock),
                        clock));
        trigger.ifPresent(t -> threads.submit(() -> pump.loop("schedules", () -> pump.tick(t))));
        live.ifPresent(gateway -> {
            pump.posts = Executors.newFixedThreadPool(LIVE_POST_THREADS, runnable -> {
                Thread thread = new Thread(runnable, "local-live-posts");
                thread.setDaemon(true);
                return thread;
            });
            LiveFanOut fanOut = Handlers.liveFanOut(adapters, clock, gateway, pump.posts);
            String liveEvents = adapters.config().queueUrl(Queue.LIVE_EVENTS);
            // One thread: a job's events are delivered in the order the queue hands them over.
            threads.submit(() -> pump.loop("live events", () -> pump.drainLiveEvents(sqs, liveEvents, fanOut)));
        });
        return pump;
    }

    /**
     * Takes what has queued up, up to {@value #LIVE_EVENTS_PER_DELIVERY} events (SQS hands over ten a
     * call), and delivers it in one go: under load one subscriber lookup serves many events, as a
     * fan-out invocation's batch does in AWS.
     */
    private void drainLiveEvents(SqsClient sqs, String url, LiveFanOut fanOut) {
        List<Message> messages = new ArrayList<>(sqs.receiveMessage(
                        r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds((int) POLL_WAIT.toSeconds()))
                .messages());
        while (!messages.isEmpty() && messages.size() % 10 == 0 && messages.size() < LIVE_EVENTS_PER_DELIVERY) {
            List<Message> more = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10))
                    .messages();
            if (more.isEmpty()) {
                break;
            }
            messages.addAll(more);
        }
        if (messages.isEmpty()) {
            return;
        }
        List<LiveEvent> events = new ArrayList<>();
        messages.forEach(message -> LiveEvent.fromMessage(message.body()).ifPresent(events::add));
        fanOut.deliver(events);
        for (int from = 0; from < messages.size(); from += 10) {
            List<Message> handled = messages.subList(from, Math.min(from + 10, messages.size()));
            sqs.deleteMessageBatch(r -> r.queueUrl(url)
                    .entries(handled.stream()
                            .map(message -> DeleteMessageBatchRequestEntry.builder()
                                    .id(message.messageId())
                                    .receiptHandle(message.receiptHandle())
                                    .build())
                            .toList()));
        }
    }

    private void drainBatchEvents(SqsClient sqs, String url, BatchIngest ingest) {
        for (Message message : sqs.receiveMessage(
                        r -> r.queueUrl(url).maxNumberOfMessages(1).waitTimeSeconds((int) POLL_WAIT.toSeconds()))
                .messages()) {
            try {
                Optional<BatchSource> source = BatchSource.fromEvent(Json.read(message.body()));
                source.ifPresent(ingest::ingest);
                sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
            } catch (RuntimeException e) {
                log.warn("Batch event {} failed; it will be redelivered: {}", message.messageId(), e.toString());
                sqs.changeMessageVisibility(r ->
                        r.queueUrl(url).receiptHandle(message.receiptHandle()).visibilityTimeout(BATCH_RETRY_SECONDS));
            }
        }
    }

    private void drainWebhooks(WebhookQueue queue, WebhookConsumer consumer) {
        List<ReceivedWebhook> received = new ArrayList<>(queue.receive(10, POLL_WAIT));
        for (ReceivedWebhook message : received) {
            if (consumer.consume(message) == WebhookConsumer.Disposition.DONE) {
                queue.delete(message.receiptHandle());
            }
        }
    }

    private void tick(LocalScheduleTrigger trigger) {
        trigger.tick();
        pause(SCHEDULE_TICK);
    }

    private void loop(String what, Runnable step) {
        while (running) {
            try {
                step.run();
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("Local {} pump: {}", what, e.toString());
                    pause(POLL_WAIT);
                }
            }
        }
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        threads.shutdownNow();
        if (posts != null) {
            posts.shutdownNow();
        }
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
