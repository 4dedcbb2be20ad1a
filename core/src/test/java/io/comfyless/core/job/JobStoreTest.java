package io.comfyless.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.comfyless.core.error.ConflictException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} must do, run against each of them: {@link InMemoryJobStoreTest},
 * {@link DynamoJobStoreIT} (the AWS emulator) and {@link DynamoJobStoreLocalStackIT}. One store
 * serves a whole class, so tests use their own jobs and owners and assert on those.
 */
abstract class JobStoreTest {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private JobStore store;

    /** The store under test, shared by the test methods of one class. */
    protected abstract JobStore store();

    /** The same jobs as seen by another process (a runner of its own); the same store where there is one process. */
    protected JobStore anotherProcess() {
        return store();
    }

    @BeforeEach
    void useStore() {
        store = store();
    }

    private Job created(String owner) {
        return store.create(Jobs.pending(owner, now), Optional.empty()).job();
    }

    private Job running(Job job, LeaseHolder holder) {
        return store.claim(job, holder, now.plusSeconds(60), "prompt-1", now).orElseThrow();
    }

    @Test
    void storesAndReadsBackEveryField() {
        Job job = Jobs.pending("alice", now).toBuilder()
                .priority(Priority.HIGH)
                .workflowId("wf")
                .seed(42L)
                .batchId("b1")
                .clientId("c1")
                .metadata(JsonNodeFactory.instance.objectNode().put("tag", "x"))
                .notification(new Notification("https://hooks.example.com", "s3cret-value", true))
                .execution(new ExecutionConfig(Duration.ofSeconds(90), 3))
                .logs(List.of(LogEntry.info(now, "submitted", "queued")))
                .build();

        store.create(job, Optional.empty());

        assertThat(store.find(job.id())).contains(job);
    }

    @Test
    void sameIdempotencyKeyAndBodyGiveTheSameJob() {
        Idempotency key = new Idempotency("req-1", "hash-a");
        Job first = store.create(Jobs.pending("alice", now), Optional.of(key)).job();

        CreateOutcome again = store.create(Jobs.pending("alice", now), Optional.of(key));

        assertThat(again.created()).isFalse();
        assertThat(again.job().id()).isEqualTo(first.id());
    }

    @Test
    void sameIdempotencyKeyWithAnotherBodyIsAConflict() {
        store.create(Jobs.pending("alice", now), Optional.of(new Idempotency("req-2", "hash-a")));

        assertThatThrownBy(
                        () -> store.create(Jobs.pending("alice", now), Optional.of(new Idempotency("req-2", "hash-b"))))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("req-2");
    }

    @Test
    void idempotencyKeysAreScopedToTheirTenant() {
        Idempotency key = new Idempotency("req-3", "hash-a");
        Job alices = store.create(Jobs.pending("alice", now), Optional.of(key)).job();

        CreateOutcome bobs = store.create(Jobs.pending("bob", now), Optional.of(key));

        assertThat(bobs.created()).isTrue();
        assertThat(bobs.job().id()).isNotEqualTo(alices.id());
    }

    @Test
    void fiftyConcurrentCreatesWithOneKeyMakeOneJob() throws Exception {
        Idempotency key = new Idempotency("req-race", "hash-a");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Callable<CreateOutcome>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(() -> store.create(Jobs.pending("alice", now), Optional.of(key)));
            }
            List<CreateOutcome> outcomes = new ArrayList<>();
            for (Future<CreateOutcome> future : pool.invokeAll(calls)) {
                outcomes.add(future.get());
            }

            assertThat(outcomes.stream().map(o -> o.job().id()).collect(Collectors.toSet()))
                    .hasSize(1);
            assertThat(outcomes.stream().filter(CreateOutcome::created)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onlyOneRunnerCanClaimAnAttempt() {
        Job job = created("alice");

        Optional<Job> first = store.claim(job, new LeaseHolder("w1", 1), now.plusSeconds(60), "p1", now);
        Optional<Job> second = store.claim(job, new LeaseHolder("w2", 1), now.plusSeconds(60), "p2", now);

        assertThat(first).hasValueSatisfying(j -> {
            assertThat(j.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(j.workerId()).isEqualTo("w1");
            assertThat(j.promptId()).isEqualTo("p1");
            assertThat(j.startedAt()).isEqualTo(now);
        });
        assertThat(second).isEmpty();
    }

    @Test
    void aStaleMessageForAnEarlierAttemptCannotClaim() {
        Job job = created("alice");

        assertThat(store.claim(job, new LeaseHolder("w1", 2), now.plusSeconds(60), "p", now))
                .isEmpty();
    }

    @Test
    void cancellingAPendingJobEndsItAndRunnersSkipIt() {
        Job job = created("alice");

        Job cancelled = store.requestCancel(job, now);

        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.completedAt()).isEqualTo(now);
        assertThat(store.claim(job, new LeaseHolder("w1", 1), now.plusSeconds(60), "p", now))
                .isEmpty();
    }

    @Test
    void cancellingARunningJobAsksItsRunnerToStop() {
        Job job = running(created("alice"), new LeaseHolder("w1", 1));

        Job after = store.requestCancel(job, now);
        LeaseState lease = store.renewLease(job, new LeaseHolder("w1", 1), now.plusSeconds(120));

        assertThat(after.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(after.cancelRequested()).isTrue();
        assertThat(lease).isEqualTo(new LeaseState(true, true));
        assertThat(store.markCancelled(job, new LeaseHolder("w1", 1), now)).isTrue();
        assertThat(store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void cancellingAFinishedJobIsAConflict() {
        Job job = running(created("alice"), new LeaseHolder("w1", 1));
        store.complete(job, new LeaseHolder("w1", 1), List.of(), JobMetrics.NONE, now);

        assertThatThrownBy(() -> store.requestCancel(job, now))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("already completed");
    }

    @Test
    void aReleasedJobGoesBackToPendingWithTheNextAttemptAndTheOldHolderIsLockedOut() {
        LeaseHolder first = new LeaseHolder("w1", 1);
        Job job = running(created("alice"), first);

        boolean released = store.release(job, first, JobFailure.of(JobFailure.Codes.WORKER_LOST, "spot", true), now);

        Job pending = store.find(job.id()).orElseThrow();
        assertThat(released).isTrue();
        assertThat(pending.status()).isEqualTo(JobStatus.PENDING);
        assertThat(pending.attempt()).isEqualTo(2);
        assertThat(pending.workerId()).isNull();
        assertThat(store.complete(job, first, List.of(), JobMetrics.NONE, now))
                .as("late write of the lost runner")
                .isFalse();
        assertThat(store.renewLease(job, first, now.plusSeconds(60))).isEqualTo(LeaseState.LOST);
        assertThat(store.claim(pending, new LeaseHolder("w2", 2), now.plusSeconds(60), "p2", now))
                .isPresent();
    }

    @Test
    void completionRecordsOutputsAndFeedsTheRunTimeEstimate() {
        LeaseHolder holder = new LeaseHolder("w1", 1);
        Job job = running(created("alice"), holder);
        JobOutput output = new JobOutput("9", "a.png", "outputs/x/1/a.png", "image/png", 10, 4, 4, "ab", "output");
        // A runner process of its own: its first run time goes into the statistics at once.
        JobStore runner = anotherProcess();

        assertThat(runner.complete(job, holder, List.of(output), JobMetrics.NONE, now.plusSeconds(3)))
                .isTrue();

        Job done = store.find(job.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.outputs()).containsExactly(output);
        assertThat(done.logs()).extracting(LogEntry::event).containsExactly("claimed", "completed");
        assertThat(store.meanRunTime())
                .hasValueSatisfying(mean -> assertThat(mean).isPositive());
    }

    @Test
    void aRunnerClaimsWithTheQueueMessageAloneAndTheClaimIsLoggedInTheSameWrite() {
        Job job = created("alice");

        Optional<Job> claimed =
                store.claim(job.id(), "alice", new LeaseHolder("w1", 1), now.plusSeconds(60), "p1", now);

        assertThat(claimed).hasValueSatisfying(running -> {
            assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(running.workerId()).isEqualTo("w1");
            assertThat(running.workflow()).isEqualTo(job.workflow());
            assertThat(running.logs()).extracting(LogEntry::event).containsExactly("claimed");
        });
        assertThat(store.list("alice", Optional.of(JobStatus.RUNNING), 100, 0).items())
                .extracting(Job::id)
                .contains(job.id());
        assertThat(store.claim(job.id(), "alice", new LeaseHolder("w2", 1), now.plusSeconds(60), "p2", now))
                .as("second claim of the attempt")
                .isEmpty();
    }

    @Test
    void aHeartbeatRenewsTheLeaseAndRecordsNewProgressInOneWrite() {
        LeaseHolder holder = new LeaseHolder("w1", 1);
        Job job = running(created("alice"), holder);
        Progress progress = new Progress(40.0, "2", "ImageBlur", null, null, 1, 3, now, null, null);

        LeaseState lease = store.renewLease(job, holder, now.plusSeconds(90), Optional.of(progress));

        assertThat(lease.held()).isTrue();
        Job read = store.find(job.id()).orElseThrow();
        assertThat(read.progress()).isEqualTo(progress);
        assertThat(read.leaseUntil()).isEqualTo(now.plusSeconds(90));
        assertThat(store.renewLease(
                        job,
                        new LeaseHolder("other", 1),
                        now.plusSeconds(120),
                        Optional.of(new Progress(90.0, "3", "SaveImage", null, null, 2, 3, now, null, null))))
                .isEqualTo(LeaseState.LOST);
        assertThat(store.find(job.id()).orElseThrow().progress()).isEqualTo(progress);
    }

    @Test
    void failureKeepsTheNodeThatFailed() {
        LeaseHolder holder = new LeaseHolder("w1", 1);
        Job job = running(created("alice"), holder);
        JobFailure failure =
                new JobFailure(JobFailure.Codes.EXECUTION_ERROR, "boom", "3", "KSampler", "RuntimeError", false);

        store.fail(job, holder, failure, now);

        assertThat(store.find(job.id()).orElseThrow().error()).isEqualTo(failure);
    }

    @Test
    void progressAndLogsAreRecorded() {
        LeaseHolder holder = new LeaseHolder("w1", 1);
        Job job = running(created("alice"), holder);
        Progress progress = new Progress(50.0, "3", "KSampler", 10, 20, 2, 7, now, null, null);

        assertThat(store.recordProgress(job, holder, progress)).isTrue();
        store.appendLog(job, LogEntry.info(now, "node_completed", "node 3 done"));

        Job read = store.find(job.id()).orElseThrow();
        assertThat(read.progress()).isEqualTo(progress);
        assertThat(read.logs()).extracting(LogEntry::event).containsExactly("claimed", "node_completed");
        assertThat(store.recordProgress(job, new LeaseHolder("other", 1), progress))
                .isFalse();
    }

    @Test
    void listsATenantsJobsNewestFirstWithStatusFilterAndOffset() {
        String owner = "lister-" + now.toEpochMilli();
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            jobs.add(store.create(Jobs.pending(owner, now.plusSeconds(i)), Optional.empty())
                    .job());
        }
        store.requestCancel(jobs.get(1), now);
        created("someone-else");

        JobPage all = store.list(owner, Optional.empty(), 2, 1);
        JobPage cancelled = store.list(owner, Optional.of(JobStatus.CANCELLED), 10, 0);

        assertThat(all.items())
                .extracting(Job::id)
                .containsExactly(jobs.get(3).id(), jobs.get(2).id());
        assertThat(all.hasMore()).isTrue();
        assertThat(cancelled.items())
                .extracting(Job::id)
                .containsExactly(jobs.get(1).id());
        assertThat(cancelled.hasMore()).isFalse();
    }

    @Test
    void watchesLapsedLeasesAndUnconfirmedEnqueues() {
        Job unconfirmed = created("alice");
        Job confirmed = created("alice");
        store.markEnqueued(confirmed);
        Job leased = store.claim(created("alice"), new LeaseHolder("w1", 1), now.plusSeconds(5), "p", now)
                .orElseThrow();

        Set<String> lapsed = ids(store.expiredLeases(now.plusSeconds(10), 100));
        Set<String> unsent = ids(store.unconfirmedEnqueues(now.plus(Duration.ofMinutes(2)), 100));

        assertThat(lapsed).contains(leased.id());
        assertThat(store.expiredLeases(now, 100)).extracting(Job::id).doesNotContain(leased.id());
        assertThat(unsent).contains(unconfirmed.id()).doesNotContain(confirmed.id(), leased.id());
    }

    private static Set<String> ids(List<Job> jobs) {
        return jobs.stream().map(Job::id).collect(Collectors.toSet());
    }
}
