package io.comfyless.runner.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.core.job.Lane;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaneScheduleTest {

    @Test
    void triesEveryLaneEveryCycleHighFirstMostOfTheTime() {
        LaneSchedule schedule = new LaneSchedule();
        Map<Lane, Integer> firsts = new EnumMap<>(Lane.class);

        for (int cycle = 0; cycle < 100; cycle++) {
            List<Lane> order = schedule.next();
            assertThat(order).containsExactlyInAnyOrder(Lane.values());
            firsts.merge(order.get(0), 1, Integer::sum);
        }

        assertThat(firsts)
                .containsEntry(Lane.HIGH, 60)
                .containsEntry(Lane.NORMAL, 30)
                .containsEntry(Lane.LOW, 10);
    }

    @Test
    void givesTheLowLaneAFirstLookWithinEveryTenCycles() {
        LaneSchedule schedule = new LaneSchedule();
        int sinceLow = 0;
        for (int cycle = 0; cycle < 50; cycle++) {
            sinceLow = schedule.next().get(0) == Lane.LOW ? 0 : sinceLow + 1;
            assertThat(sinceLow).isLessThan(10);
        }
    }

    @Test
    void fallsBackToPriorityOrderAfterTheWeightedPick() {
        LaneSchedule schedule = new LaneSchedule();
        for (int cycle = 0; cycle < 10; cycle++) {
            List<Lane> order = schedule.next();
            List<Lane> rest = order.subList(1, 3);
            assertThat(rest).isSortedAccordingTo((a, b) -> Integer.compare(a.ordinal(), b.ordinal()));
        }
    }
}
