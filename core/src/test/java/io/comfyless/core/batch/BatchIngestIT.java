package io.comfyless.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comfyless.contract.Queue;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.events.JobChange;
import io.comfyless.core.events.JobEvents;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobOutput;
import io.comfyless.core.job.JobRequestParser;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.JobStore;
import io.comfyless.core.job.LeaseHolder;
import io.comfyless.core.json.Json;
import io.comfyless.core.storage.S3BlobStore;
import io.comfyless.core.template.BuiltInTemplates;
import io.comfyless.core.tenant.ApiKeys;
import io.comfyless.core.tenant.Tier;
import io.comfyless.core.workflow.InputOverrides;
import io.comfyless.core.workflow.WorkflowValidator;
import io.comfyless.testkit.aws.AwsEmulator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** Ingesting manifests against emulated DynamoDB, S3 and SQS: exactly once, whatever is repeated. */
class BatchIngestIT {

    private static final String GOOD =
            "{\"workflow_id\": \"model_free_v1\", \"input_overrides\": {\"1.width\": 8, \"1.height\": 8}}";

    private static AwsClients aws;
    private static Adapters adapters;
    private static S3BlobStore blobs;
    private final List<JobChange> announced = new CopyOnWriteArrayList<>();
    private final JobEvents recording = announced::add;

    @BeforeAll
    static void provision() {
        RuntimeConfig config = RuntimeConfig.from(AwsEmulator.freshResources().environment()::get);
        aws = new AwsClients(config);
        adapters = new Adapters(config, aws);
        blobs = adapters.blobStore();
    }

    @AfterAll
    static void close() {
        aws.close();
    }

    private BatchIngest ingest(BatchStore store) {
        JobRequestParser parser = new JobRequestParser(
                new WorkflowValidator(adapters.config().validationRules()),
                new InputOverrides(() -> 5L),
                BuiltInTemplates.load());
        return new BatchIngest(
                store,
                blobs,
                parser,
                adapters.jobQueue(),
                new JobEvents() {
                    @Override
                    public void changed(JobChange change) {
                        recording.changed(change);
                    }
                },
                new BatchFinisher(store, blobs, Clock.systemUTC()),
                adapters.tenantLimits(),
                Clock.systemUTC());
    }

    private static BatchSource upload(String tenant, List<String> lines) {
        String key = "batches/incoming/" + tenant + "/" + UUID.randomUUID() + ".jsonl";
        byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        String etag = aws.s3()
                .putObject(
                        r -> r.bucket(adapters.config().bucket()).key(key),
                        software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes))
                .eTag();
        return BatchSource.of(adapters.config().bucket(), key, etag, null).orElseThrow();
    }

    private static List<String> goodLines(int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(GOOD);
        }
        return lines;
    }

    @Test
    void linesOverTheTenantsTierAreBadLinesAndTheRestAreCountedOnce() {
        String tenant = "tier" + UUID.randomUUID().toString().substring(0, 8);
        ApiKeys.from(adapters.config(), aws).setTier(tenant, Tier.BASIC);
        BatchStore store = adapters.batchStore();
        BatchSource source = upload(tenant, goodLines(Tier.BASIC.maxUnfinishedJobs() + 2));

        Batch batch = ingest(store).ingest(source);
        ingest(store).ingest(source);

        assertThat(batch.accepted()).isEqualTo(Tier.BASIC.maxUnfinishedJobs());
        assertThat(batch.rejected()).isEqualTo(2);
        assertThat(store.errors(batch.id(), 10))
                .extracting(BatchLineError::code)
                .containsOnly("CONCURRENCY_LIMIT_EXCEEDED");
        assertThat(adapters.tenantLimits().unfinished().count(tenant)).isEqualTo(Tier.BASIC.maxUnfinishedJobs());
    }

    @Test
    void aRepeatedManifestEventCreatesNoSecondSetOfJobs() {
        List<String> lines = goodLines(30);
        lines.set(4, "{not json");
        lines.set(19, "{\"workflow_id\": \"no_such_template\"}");
        BatchSource source = upload("acme", lines);

        Batch first = ingest(adapters.batchStore()).ingest(source);
        Batch again = ingest(adapters.batchStore()).ingest(source);

        assertThat(first.accepted()).isEqualTo(28);
        assertThat(first.rejected()).isEqualTo(2);
        assertThat(first.status()).isEqualTo(Batch.RUNNING);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.accepted()).isEqualTo(28);
        assertThat(announced).as("creation events, once each").hasSize(28);
        assertThat(adapters.batchStore().countByStatus(first.id())).containsEntry(JobStatus.PENDING, 28L);
        assertThat(adapters.batchStore().errors(first.id(), 10))
                .extracting(BatchLineError::line)
                .containsExactly(5L, 20L);
        String report = new String(blobs.get(first.errorsKey()).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(report.lines()).hasSize(2);
        assertThat(Json.read(report.lines().findFirst().orElseThrow())
                        .get("line")
                        .asLong())
                .isEqualTo(5);
    }

    @Test
    void anIngestThatDiedHalfwayResumesWithoutDuplicates() {
        BatchSource source = upload("acme", goodLines(60));
        AtomicInteger writes = new AtomicInteger();
        BatchStore dyingAfterOneChunk = new FailingStore(adapters.batchStore(), writes);
        String queueUrl = adapters.config().queueUrl(Queue.JOBS_NORMAL);
        drain(queueUrl);

        assertThatThrownBy(() -> ingest(dyingAfterOneChunk).ingest(source)).hasMessageContaining("died");
        Batch resumed = ingest(adapters.batchStore()).ingest(source);

        assertThat(resumed.accepted()).isEqualTo(60);
        assertThat(resumed.remaining()).isEqualTo(60);
        assertThat(adapters.batchStore().countByStatus(resumed.id())).containsEntry(JobStatus.PENDING, 60L);
        List<String> queued = drain(queueUrl);
        assertThat(new HashSet<>(queued))
                .as("every job queued, re-sent ones included")
                .hasSize(60);
        assertThat(announced)
                .as("each job announced once, by the ingest that created it")
                .hasSize(60);
    }

    @Test
    void theLastJobToEndWritesTheResultsManifestOnce() {
        List<String> lines = List.of(GOOD, "[]", GOOD, GOOD);
        Batch batch = ingest(adapters.batchStore()).ingest(upload("acme", lines));
        JobStore jobs = adapters.jobStore();
        List<Long> jobLines = List.of(1L, 3L, 4L);

        for (long line : jobLines) {
            Job job = jobs.find(BatchIds.jobId(batch.id(), line)).orElseThrow();
            LeaseHolder holder = new LeaseHolder("runner-1", 1);
            Job running = jobs.claim(job, holder, Instant.now().plusSeconds(60), "p", Instant.now())
                    .orElseThrow();
            assertThat(adapters.batchStore().find(batch.id()).orElseThrow().status())
                    .isEqualTo(Batch.RUNNING);
            JobOutput output = new JobOutput(
                    "4", "o.png", "outputs/" + job.id() + "/1/o.png", "image/png", 1, 8, 8, "x", "output");
            assertThat(jobs.complete(running, holder, List.of(output), Instant.now()))
                    .isTrue();
        }

        Batch done = adapters.batchStore().find(batch.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(Batch.COMPLETED);
        assertThat(done.remaining()).isZero();
        String results =
                new String(blobs.get(BatchFinisher.resultsKey(batch.id())).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(results.lines().map(Json::read).toList())
                .satisfiesExactly(
                        first -> assertThat(first.get("line").asLong()).isEqualTo(1),
                        second -> assertThat(second.get("line").asLong()).isEqualTo(3),
                        third ->
                                assertThat(third.get("outputs").get(0).asText()).endsWith("/1/o.png"));
        assertThat(results).doesNotContain("\"status\":\"running\"");

        Job last = jobs.find(BatchIds.jobId(batch.id(), 4)).orElseThrow();
        assertThat(adapters.batchStore().jobEnded(batch.id(), last))
                .as("a job is counted once")
                .isEmpty();
        assertThat(new BatchFinisher(adapters.batchStore(), blobs, Clock.systemUTC()).finishIfDone(done))
                .isFalse();
    }

    private static List<String> drain(String url) {
        List<String> ids = new ArrayList<>();
        while (true) {
            List<Message> messages = aws.sqs()
                    .receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0))
                    .messages();
            if (messages.isEmpty()) {
                return ids;
            }
            for (Message message : messages) {
                ids.add(Json.read(message.body()).get("job_id").asText());
                aws.sqs().deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
            }
        }
    }

    /** A store whose process "dies" on its second chunk of jobs. */
    private record FailingStore(BatchStore delegate, AtomicInteger writes) implements BatchStore {
        @Override
        public Batch begin(Batch fresh) {
            return delegate.begin(fresh);
        }

        @Override
        public Optional<Batch> find(String batchId) {
            return delegate.find(batchId);
        }

        @Override
        public List<Job> createJobs(String batchId, List<BatchLine> lines) {
            if (writes.incrementAndGet() == 2) {
                throw new IllegalStateException("the ingest died");
            }
            return delegate.createJobs(batchId, lines);
        }

        @Override
        public void recordErrors(String batchId, List<BatchLineError> errors) {
            delegate.recordErrors(batchId, errors);
        }

        @Override
        public Batch markIngested(String batchId, long lines, long rejected, String errorsKey, Instant now) {
            return delegate.markIngested(batchId, lines, rejected, errorsKey, now);
        }

        @Override
        public Optional<Batch> jobEnded(String batchId, Job ended) {
            return delegate.jobEnded(batchId, ended);
        }

        @Override
        public boolean claimCompletion(String batchId, String resultsKey, Instant now) {
            return delegate.claimCompletion(batchId, resultsKey, now);
        }

        @Override
        public void releaseCompletion(String batchId) {
            delegate.releaseCompletion(batchId);
        }

        @Override
        public List<BatchLineResult> results(String batchId) {
            return delegate.results(batchId);
        }

        @Override
        public List<BatchLineError> errors(String batchId, int limit) {
            return delegate.errors(batchId, limit);
        }

        @Override
        public Map<JobStatus, Long> countByStatus(String batchId) {
            return delegate.countByStatus(batchId);
        }
    }
}
