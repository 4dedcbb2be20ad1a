package io.comfyless.functions.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.job.JobPage;
import io.comfyless.core.json.Json;
import io.comfyless.core.schedule.LocalScheduleTrigger;
import io.comfyless.core.schedule.Schedule;
import io.comfyless.core.schedule.ScheduleInvocation;
import io.comfyless.functions.Handlers;
import io.comfyless.testkit.aws.AwsEmulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local trigger fires schedules stored in the emulated Scheduler, minute by minute on a clock the test moves. */
class LocalScheduleTriggerIT {

    private static AwsClients aws;
    private static Adapters adapters;
    private final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T08:59:30Z"));

    @BeforeAll
    static void provision() {
        RuntimeConfig config = RuntimeConfig.from(AwsEmulator.freshResources().environment()::get);
        aws = new AwsClients(config);
        adapters = new Adapters(config, aws);
    }

    @AfterAll
    static void close() {
        aws.close();
    }

    @Test
    void aDailyCronSubmitsItsTemplateOncePerDayAtNineAndNeverTwiceForOneFiring() {
        Schedule schedule = Handlers.scheduleService(adapters, clock)
                .create(
                        "tenant-s",
                        Json.read(
                                "{\"template_id\": \"model_free_v1\", \"schedule\": \"cron(0 9 * * ? *)\", \"input_overrides\": {\"1.width\": 8}}"));
        LocalScheduleTrigger trigger = new LocalScheduleTrigger(
                aws.scheduler(),
                adapters.config().scheduleTarget().orElseThrow().group(),
                Handlers.scheduleDispatcher(adapters, clock),
                clock);

        assertThat(trigger.tick()).isEmpty();
        clock.advance(Duration.ofSeconds(50));
        assertThat(trigger.tick()).singleElement().satisfies(fired -> {
            assertThat(fired.scheduleId()).isEqualTo(schedule.id());
            assertThat(fired.scheduledTime()).isEqualTo("2030-01-01T09:00:00Z");
        });
        clock.advance(Duration.ofSeconds(30));
        assertThat(trigger.tick()).isEmpty();
        assertThat(jobs().items()).singleElement().satisfies(job -> {
            assertThat(job.workflowId()).isEqualTo("model_free_v1");
            assertThat(job.metadata().get("schedule_id").asText()).isEqualTo(schedule.id());
            assertThat(job.workflow().inputs("1").get("width").asInt()).isEqualTo(8);
        });

        clock.advance(Duration.ofHours(24));
        assertThat(trigger.tick())
                .extracting(ScheduleInvocation::scheduledTime)
                .containsExactly("2030-01-02T09:00:00Z");
        assertThat(jobs().items()).hasSize(2);

        ScheduleInvocation again = new ScheduleInvocation(
                "tenant-s", schedule.id(), "model_free_v1", schedule.overrides(), null, "2030-01-02T09:00:00Z", null);
        assertThat(Handlers.scheduledSubmission(adapters, clock).submit(again))
                .get()
                .satisfies(submission -> assertThat(submission.created())
                        .as("Scheduler's repeat of one firing")
                        .isFalse());
        assertThat(jobs().items()).hasSize(2);
    }

    private static JobPage jobs() {
        return adapters.jobStore().list("tenant-s", Optional.empty(), 10, 0);
    }

    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
