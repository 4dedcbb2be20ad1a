package io.comfyless.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobWaitTest {

    @Test
    void pausesGrowByAQuarterUpToHalfASecondWhileTheJobRuns() {
        List<Long> pauses = pauses(JobStatus.RUNNING, 16);

        assertThat(pauses).startsWith(25L, 31L, 39L, 48L, 61L).endsWith(500L, 500L);
        assertThat(pauses).isSorted();
    }

    @Test
    void aJobStillInTheQueueIsReadAtMostOnceASecond() {
        assertThat(pauses(JobStatus.PENDING, 20)).endsWith(1000L, 1000L).allMatch(pause -> pause <= 1000);
    }

    @Test
    void aChangeOfStatusStartsThePausesOver() {
        Duration pause = Duration.ofMillis(800);

        assertThat(JobWait.nextPause(pause, JobStatus.PENDING, JobStatus.RUNNING))
                .isEqualTo(JobWait.FIRST_PAUSE);
    }

    @Test
    void theLongestWaitOfARunningJobCostsAtMostSixtyReads() {
        long waited = 0;
        int reads = 0;
        Duration pause = JobWait.FIRST_PAUSE;
        while (waited < JobWait.LONGEST.toMillis()) {
            waited += pause.toMillis();
            reads++;
            pause = JobWait.nextPause(pause, JobStatus.RUNNING, JobStatus.RUNNING);
        }

        assertThat(reads).isLessThanOrEqualTo(60);
    }

    private static List<Long> pauses(JobStatus status, int count) {
        List<Long> pauses = new ArrayList<>();
        Duration pause = JobWait.FIRST_PAUSE;
        for (int i = 0; i < count; i++) {
            pauses.add(pause.toMillis());
            pause = JobWait.nextPause(pause, status, status);
        }
        return pauses;
    }
}
