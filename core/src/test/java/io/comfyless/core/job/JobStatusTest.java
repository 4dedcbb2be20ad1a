package io.comfyless.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobStatusTest {

    /** The whole table, written out independently of the implementation. */
    private static Set<JobStatus> expectedNext(JobStatus from) {
        return switch (from) {
            case PENDING -> EnumSet.of(JobStatus.RUNNING, JobStatus.CANCELLED, JobStatus.FAILED);
            case RUNNING -> EnumSet.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.PENDING);
            case COMPLETED, FAILED, CANCELLED -> EnumSet.noneOf(JobStatus.class);
        };
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void allowsExactlyTheTransitionsOfTheTable(JobStatus from) {
        for (JobStatus to : JobStatus.values()) {
            assertThat(from.canMoveTo(to))
                    .as("%s -> %s", from, to)
                    .isEqualTo(expectedNext(from).contains(to));
        }
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void isTerminalExactlyWhenNothingFollows(JobStatus status) {
        assertThat(status.isTerminal()).isEqualTo(expectedNext(status).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void roundTripsThroughItsWireName(JobStatus status) {
        assertThat(JobStatus.fromWire(status.wire())).contains(status);
        assertThat(status.wire()).isLowerCase();
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void predecessorsAreExactlyTheStatusesThatMayMoveThere(JobStatus to) {
        for (JobStatus from : JobStatus.values()) {
            assertThat(to.predecessors().contains(from)).isEqualTo(from.canMoveTo(to));
        }
    }
}
