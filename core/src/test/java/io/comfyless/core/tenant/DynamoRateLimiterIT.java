package io.comfyless.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Table;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.fixtures.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DynamoRateLimiterIT {

    private static AwsClients aws;
    private static String table;
    private final TestClock clock = new TestClock(Instant.parse("2025-06-01T12:00:30Z"));

    @BeforeAll
    static void provision() {
        RuntimeConfig config = RuntimeConfig.from(AwsEmulator.freshResources().environment()::get);
        aws = new AwsClients(config);
        table = config.table(Table.TENANTS);
    }

    @AfterAll
    static void close() {
        aws.close();
    }

    private List<RequestWindow> concurrently(RateLimiter limiter, String tenant, Tier tier, int requests)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            List<Callable<RequestWindow>> calls = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                calls.add(() -> limiter.admit(tenant, tier));
            }
            List<RequestWindow> windows = new ArrayList<>();
            for (Future<RequestWindow> window : pool.invokeAll(calls)) {
                windows.add(window.get());
            }
            return windows;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fiftyConcurrentRequestsAdmitExactlyTheRatePlusTheBurst() throws Exception {
        RateLimiter limiter = new DynamoRateLimiter(aws.dynamo(), table, clock);

        List<RequestWindow> windows = concurrently(limiter, "busy", Tier.BASIC, 50);

        List<RequestWindow> admitted =
                windows.stream().filter(RequestWindow::admitted).toList();
        assertThat(admitted).hasSize(15);
        assertThat(admitted)
                .extracting(RequestWindow::remaining)
                .containsExactlyInAnyOrder(14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        assertThat(windows).extracting(RequestWindow::limit).containsOnly(15);
        assertThat(windows)
                .filteredOn(w -> !w.admitted())
                .extracting(RequestWindow::remaining)
                .containsOnly(0);
        assertThat(windows)
                .extracting(RequestWindow::resetAt)
                .containsOnly(clock.instant().plus(Tier.RATE_WINDOW));
        assertThat(windows.get(0).retryAfter(clock.instant())).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aNewWindowOpensOnceTheOldOneIsOver() {
        RateLimiter limiter = new DynamoRateLimiter(aws.dynamo(), table, clock);
        for (int i = 0; i < Tier.BASIC.requestsPerWindow(); i++) {
            limiter.admit("patient", Tier.BASIC);
        }
        clock.advance(Duration.ofSeconds(45));
        RequestWindow refused = limiter.admit("patient", Tier.BASIC);

        clock.advance(Duration.ofSeconds(15));
        RequestWindow next = limiter.admit("patient", Tier.BASIC);

        assertThat(refused.admitted()).isFalse();
        assertThat(refused.retryAfter(clock.instant().minusSeconds(15))).isEqualTo(Duration.ofSeconds(15));
        assertThat(next.admitted()).isTrue();
        assertThat(next.remaining()).isEqualTo(14);
        assertThat(next.resetAt()).isEqualTo(clock.instant().plus(Tier.RATE_WINDOW));
    }

    @Test
    void tenantsAreCountedApart() {
        RateLimiter limiter = new DynamoRateLimiter(aws.dynamo(), table, clock);
        for (int i = 0; i < Tier.BASIC.requestsPerWindow(); i++) {
            limiter.admit("noisy", Tier.BASIC);
        }

        assertThat(limiter.admit("noisy", Tier.BASIC).admitted()).isFalse();
        assertThat(limiter.admit("quiet", Tier.BASIC).admitted()).isTrue();
    }
}
