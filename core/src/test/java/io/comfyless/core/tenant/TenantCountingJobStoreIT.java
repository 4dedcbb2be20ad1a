package io.comfyless.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.contract.Table;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.error.RateLimitedException;
import io.comfyless.core.job.CreateOutcome;
import io.comfyless.core.job.DynamoJobStore;
import io.comfyless.core.job.Idempotency;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobFailure;
import io.comfyless.core.job.JobOutput;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.LeaseHolder;
import io.comfyless.core.json.Json;
import io.comfyless.core.workflow.Workflow;
import io.comfyless.testkit.aws.AwsEmulator;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class TenantCountingJobStoreIT {

    private static AwsClients aws;
    private static TenantCountingJobStore store;
    private static DynamoJobStore uncounted;
    private static DynamoUnfinishedJobs unfinished;
    private static ApiKeys keys;
    private static String tenantsTable;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeAll
    static void provision() {
        RuntimeConfig config = RuntimeConfig.from(AwsEmulator.freshResources().environment()::get);
        aws = new AwsClients(config);
        uncounted = new DynamoJobStore(aws.dynamo(), config.table(Table.JOBS));
        unfinished = new DynamoUnfinishedJobs(aws.dynamo(), config.table(Table.TENANTS));
        tenantsTable = config.table(Table.TENANTS);
        store = new TenantCountingJobStore(
                uncounted, TenantLimits.dynamo(aws.dynamo(), tenantsTable, Clock.systemUTC()));
        keys = ApiKeys.from(config, aws);
    }

    @AfterAll
    static void close() {
        aws.close();
    }

    private Job pending(String owner) {
        return Job.builder()
                .id("exec_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20))
                .owner(owner)
                .workflow(Workflow.of(
                        (ObjectNode) Json.read("{\"1\":{\"class_type\":\"EmptyImage\",\"inputs\":{\"width\":8}}}")))
                .createdAt(now)
                .build();
    }

    private String tenantOn(Tier tier) {
        String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        keys.setTier(tenant, tier);
        return tenant;
    }

    @Test
    void fiftyConcurrentSubmissionsNeverTakeABasicTenantPastItsLimit() throws Exception {
        String tenant = tenantOn(Tier.BASIC);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Job> created = new ArrayList<>();
        int refused = 0;
        try {
            List<Callable<CreateOutcome>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(() -> store.create(pending(tenant), Optional.empty()));
            }
            for (Future<CreateOutcome> outcome : pool.invokeAll(calls)) {
                try {
                    created.add(outcome.get().job());
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(RateLimitedException.class);
                    refused++;
                }
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(created).hasSize(Tier.BASIC.maxUnfinishedJobs());
        assertThat(refused).isEqualTo(50 - Tier.BASIC.maxUnfinishedJobs());
        assertThat(store.list(tenant, Optional.of(JobStatus.PENDING), 100, 0).items())
                .hasSize(13);
        assertThat(unfinished.count(tenant)).isEqualTo(13);
    }

    @Test
    void aTenantWhoseMonthlyQuotaIsUsedIsRefusedUntilNextMonthAndNothingStaysCounted() {
        String tenant = tenantOn(Tier.BASIC);
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        aws.dynamo()
                .putItem(r -> r.tableName(tenantsTable)
                        .item(Map.of(
                                Table.Attributes.PK, AttributeValue.fromS(TenantItems.partition(tenant)),
                                Table.Attributes.SK, AttributeValue.fromS(TenantItems.monthSk(month)),
                                TenantItems.EXECUTIONS,
                                        AttributeValue.fromN(Integer.toString(Tier.BASIC.monthlyQuota() - 1)))));
        assertThat(store.create(pending(tenant), Optional.empty()).created()).isTrue();

        assertThatThrownBy(() -> store.create(pending(tenant), Optional.empty()))
                .isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("100 executions per month")
                .satisfies(e -> {
                    RateLimitedException limited = (RateLimitedException) e;
                    assertThat(limited.details().get(0).code()).isEqualTo("MONTHLY_QUOTA_EXCEEDED");
                    assertThat(limited.retryAfter()).isPositive();
                });
        assertThat(unfinished.count(tenant)).isEqualTo(1);
    }

    @Test
    void aRunnerCannotClaimMoreJobsOfATenantThanItsTierRunsAtOnce() {
        String tenant = tenantOn(Tier.BASIC);
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i <= Tier.BASIC.maxConcurrentExecutions(); i++) {
            jobs.add(store.create(pending(tenant), Optional.empty()).job());
        }
        LeaseHolder holder = new LeaseHolder("runner-1", 1);
        List<Job> running = new ArrayList<>();
        for (int i = 0; i < Tier.BASIC.maxConcurrentExecutions(); i++) {
            running.add(running(jobs.get(i), holder));
        }
        Job waiting = jobs.get(Tier.BASIC.maxConcurrentExecutions());

        assertThatThrownBy(() -> store.claim(waiting, holder, now.plusSeconds(30), "p", now))
                .isInstanceOf(TenantBusyException.class);
        assertThat(store.find(waiting.id()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);

        assertThat(store.complete(running.get(0), holder, List.<JobOutput>of(), now))
                .isTrue();

        assertThat(store.claim(waiting, holder, now.plusSeconds(30), "p", now)).isPresent();
    }

    @Test
    void aJobThatEndsFreesItsPlace() {
        String tenant = tenantOn(Tier.BASIC);
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < Tier.BASIC.maxUnfinishedJobs(); i++) {
            jobs.add(store.create(pending(tenant), Optional.empty()).job());
        }
        assertThatThrownBy(() -> store.create(pending(tenant), Optional.empty()))
                .isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("13 unfinished executions")
                .satisfies(
                        e -> assertThat(((RateLimitedException) e).retryAfter()).isPositive());

        store.requestCancel(jobs.get(0), now);

        assertThat(store.create(pending(tenant), Optional.empty()).created()).isTrue();
        assertThat(unfinished.count(tenant)).isEqualTo(13);
    }

    @Test
    void everyWayOfEndingCountsOnceAndOnlyOnce() {
        String tenant = tenantOn(Tier.PRO);
        LeaseHolder holder = new LeaseHolder("runner-1", 1);
        Job completed = running(store.create(pending(tenant), Optional.empty()).job(), holder);
        Job failed = running(store.create(pending(tenant), Optional.empty()).job(), holder);
        Job cancelled = running(store.create(pending(tenant), Optional.empty()).job(), holder);
        Job failedPending = store.create(pending(tenant), Optional.empty()).job();
        Job released = running(store.create(pending(tenant), Optional.empty()).job(), holder);
        assertThat(unfinished.count(tenant)).isEqualTo(5);

        assertThat(store.complete(completed, holder, List.<JobOutput>of(), now)).isTrue();
        assertThat(store.complete(completed, holder, List.<JobOutput>of(), now)).isFalse();
        assertThat(store.fail(failed, holder, JobFailure.of("X", "boom", false), now))
                .isTrue();
        store.requestCancel(cancelled, now);
        assertThat(store.markCancelled(cancelled, holder, now)).isTrue();
        assertThat(store.failPending(failedPending, JobFailure.of("X", "no attempts", false), now))
                .isTrue();
        assertThat(store.release(released, holder, JobFailure.of("X", "retry", true), now))
                .isTrue();

        assertThat(unfinished.count(tenant))
                .as("only the released job is still unfinished")
                .isEqualTo(1);
    }

    @Test
    void aRepeatedIdempotentSubmissionTakesNoSecondPlace() {
        String tenant = tenantOn(Tier.BASIC);
        Idempotency key = new Idempotency("same", "hash-1");

        CreateOutcome first = store.create(pending(tenant), Optional.of(key));
        CreateOutcome again = store.create(pending(tenant), Optional.of(key));

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(unfinished.count(tenant)).isEqualTo(1);
    }

    @Test
    void aTenantWithoutATierIsCountedButNotLimited() {
        String tenant = "untiered-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < Tier.BASIC.maxUnfinishedJobs() + 2; i++) {
            store.create(pending(tenant), Optional.empty());
        }

        assertThat(unfinished.count(tenant)).isEqualTo(15);
    }

    @Test
    void aRecountRepairsACountThatDrifted() {
        String tenant = tenantOn(Tier.BASIC);
        Job ended = store.create(pending(tenant), Optional.empty()).job();
        store.create(pending(tenant), Optional.empty());
        // A process that died between ending a job and counting it: the store changed, the count did not.
        uncounted.requestCancel(ended, now);
        assertThat(unfinished.count(tenant)).isEqualTo(2);

        assertThat(store.recount(tenant)).isEqualTo(1);
        assertThat(unfinished.count(tenant)).isEqualTo(1);
    }

    private Job running(Job job, LeaseHolder holder) {
        return store.claim(job, holder, now.plusSeconds(60), "prompt", now).orElseThrow();
    }
}
