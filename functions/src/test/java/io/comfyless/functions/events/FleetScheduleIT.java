package io.comfyless.functions.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.fleet.FleetControl;
import io.comfyless.core.fleet.FleetSchedule;
import io.comfyless.core.fleet.FleetView;
import io.comfyless.core.json.Json;
import io.comfyless.core.schedule.LocalScheduleTrigger;
import io.comfyless.core.schedule.ScheduleInvocation;
import io.comfyless.functions.Handlers;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.fixtures.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A fleet schedule stored in the emulated Scheduler, fired by the local trigger on a clock the test
 * moves, acting on the emulated fleet (ECS service, scaling bounds, instance group).
 */
class FleetScheduleIT {

    /** Monday 6 January 2031, 08:59:30 in Berlin (UTC+1 in winter). */
    private final TestClock clock = new TestClock(Instant.parse("2031-01-06T07:59:30Z"));

    private AwsClients aws;
    private Adapters adapters;
    private FleetControl fleet;

    @BeforeEach
    void provision() {
        RuntimeConfig config = RuntimeConfig.from(AwsEmulator.freshResources().environment()::get);
        aws = new AwsClients(config);
        adapters = new Adapters(config, aws);
        fleet = adapters.fleetControl().orElseThrow();
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void keepsOneGpuWarmOnWeekdaysFromNineToSixInBerlin() {
        FleetSchedule schedule = Handlers.fleetSchedules(adapters, clock).create(Json.read("""
                        {"start": "cron(0 9 ? * MON-FRI *)", "stop": "cron(0 18 ? * MON-FRI *)",
                         "timezone": "Europe/Berlin", "count": 1, "description": "office hours"}"""));
        LocalScheduleTrigger trigger = new LocalScheduleTrigger(
                aws.scheduler(),
                adapters.config().scheduleTarget().orElseThrow().group(),
                Handlers.scheduleDispatcher(adapters, clock),
                clock);

        assertThat(trigger.tick()).isEmpty();
        clock.advance(Duration.ofSeconds(40));
        assertThat(trigger.tick())
                .singleElement()
                .satisfies(fired -> assertThat(fired.fleet().action()).isEqualTo(ScheduleInvocation.FleetAction.START));
        FleetView warm = fleet.view();
        assertThat(warm.bounds()).hasValue(new FleetView.Bounds(1, 4));
        assertThat(warm.service().desired()).isEqualTo(1);
        assertThat(warm.group().orElseThrow().desired())
                .as("the instance is launched at once")
                .isEqualTo(1);

        clock.advance(Duration.ofHours(9));
        assertThat(trigger.tick()).singleElement().satisfies(fired -> {
            assertThat(fired.scheduleId()).isEqualTo(schedule.id());
            assertThat(fired.fleet().action()).isEqualTo(ScheduleInvocation.FleetAction.STOP);
            assertThat(fired.scheduledTime()).isEqualTo("2031-01-06T17:00:00Z");
        });
        FleetView drained = fleet.view();
        assertThat(drained.bounds()).hasValue(new FleetView.Bounds(0, 4));
        assertThat(drained.service().desired()).isZero();
    }

    @Test
    void deletingAFleetScheduleRemovesBothOfItsSchedulerSchedules() {
        FleetSchedule schedule = Handlers.fleetSchedules(adapters, clock)
                .create(Json.read("{\"start\": \"cron(0 9 ? * MON-FRI *)\", \"stop\": \"cron(0 18 ? * MON-FRI *)\"}"));
        String group = adapters.config().scheduleTarget().orElseThrow().group();
        assertThat(aws.scheduler().listSchedules(r -> r.groupName(group)).schedules())
                .extracting(s -> s.name())
                .containsExactlyInAnyOrder(schedule.startName(), schedule.stopName());

        Handlers.fleetSchedules(adapters, clock).delete(schedule.id());

        assertThat(aws.scheduler().listSchedules(r -> r.groupName(group)).schedules())
                .isEmpty();
        assertThat(Handlers.fleetSchedules(adapters, clock).list()).isEmpty();
    }
}
