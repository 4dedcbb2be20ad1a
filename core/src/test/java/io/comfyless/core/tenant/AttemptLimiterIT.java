package io.comfyless.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Table;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.fixtures.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Failed attempts counted in the emulated tenants table, shared by every process. */
class AttemptLimiterIT {

    private static AwsClients aws;
    private static String table;
    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));

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

    private AttemptLimiter limiter() {
        return AttemptLimiter.dynamo(aws.dynamo(), table, "source", 3, Duration.ofMinutes(1), clock);
    }

    @Test
    void pastTheAllowanceASubjectIsBlockedUntilTheWindowEndsInEveryProcess() {
        AttemptLimiter here = limiter();
        AttemptLimiter elsewhere = limiter();
        for (int i = 0; i < 3; i++) {
            assertThat(here.failed("198.51.100.7")).isEmpty();
        }
        clock.advance(Duration.ofSeconds(20));

        assertThat(elsewhere.failed("198.51.100.7")).hasValue(Duration.ofSeconds(40));
        assertThat(elsewhere.blocked("198.51.100.7")).hasValue(Duration.ofSeconds(40));
        assertThat(here.blocked("198.51.100.7"))
                .as("this process has not seen the block yet")
                .isEmpty();
        assertThat(elsewhere.blocked("203.0.113.9"))
                .as("other subjects are not affected")
                .isEmpty();

        clock.advance(Duration.ofSeconds(40));

        assertThat(elsewhere.blocked("198.51.100.7")).isEmpty();
        assertThat(elsewhere.failed("198.51.100.7"))
                .as("a new window starts afresh")
                .isEmpty();
    }
}
