package io.comfyless.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EtaEstimatorTest {

    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

    private static Instant at(double seconds) {
        return START.plusMillis(Math.round(seconds * 1000));
    }

    /** Three nodes of seven ran in 3 s, the sampler (node four) started at 3 s and reports steps. */
    private static EtaEstimator.Observation sampling(long step, double stepAtSeconds, Optional<Duration> typical) {
        return new EtaEstimator.Observation(START, 7, 3, 0, at(3), step, 20, at(stepAtSeconds), typical);
    }

    @Test
    void aSamplerHalfwayAtOneStepASecondHasItsOtherHalfLeftPlusTheNodesAfterIt() {
        Optional<Duration> remaining = EtaEstimator.remaining(sampling(10, 13, Optional.empty()), at(13));

        // 10 steps of 1 s, then 3 nodes at the 1 s each the first three took.
        assertThat(remaining).contains(Duration.ofSeconds(13));
    }

    @Test
    void theObservedStepRateWinsOverAHistoryThatSaysOtherwise() {
        Optional<Duration> remaining =
                EtaEstimator.remaining(sampling(10, 13, Optional.of(Duration.ofSeconds(100))), at(13));

        assertThat(remaining).contains(Duration.ofSeconds(13));
    }

    @Test
    void timeSinceTheLastStepCountsAgainstTheRestButNeverBelowZero() {
        assertThat(EtaEstimator.remaining(sampling(19, 22, Optional.empty()), at(22.5)))
                .contains(Duration.ofMillis(3500));
        assertThat(EtaEstimator.remaining(
                        new EtaEstimator.Observation(START, 2, 1, 0, at(1), 19, 20, at(20), Optional.empty()), at(60)))
                .contains(Duration.ZERO);
    }

    @Test
    void withNothingFinishedAndNoHistoryTheEstimateIsUnknown() {
        EtaEstimator.Observation justStarted =
                new EtaEstimator.Observation(START, 5, 0, 0, at(0), 0, 0, null, Optional.empty());

        assertThat(EtaEstimator.remaining(justStarted, at(4))).isEmpty();
    }

    @Test
    void cachedNodesTookNoTimeSoTheyDoNotSpeedUpTheNodeRate() {
        // Four of six nodes came from cache; one of the two left took 2 s.
        EtaEstimator.Observation seen =
                new EtaEstimator.Observation(START, 6, 5, 4, null, 0, 0, null, Optional.empty());

        assertThat(EtaEstimator.remaining(seen, at(2))).contains(Duration.ofSeconds(2));
    }

    @Test
    void beforeAnyStepTheWorkflowsHistoryTellsWhatIsLeft() {
        EtaEstimator.Observation loading =
                new EtaEstimator.Observation(START, 7, 1, 0, at(1), 0, 0, null, Optional.of(Duration.ofSeconds(30)));

        assertThat(EtaEstimator.remaining(loading, at(12))).contains(Duration.ofSeconds(18));
    }

    @Test
    void aJobThatOutranItsHistoryFallsBackToItsOwnNodeRate() {
        EtaEstimator.Observation slow =
                new EtaEstimator.Observation(START, 4, 2, 0, at(40), 0, 0, null, Optional.of(Duration.ofSeconds(30)));

        assertThat(EtaEstimator.remaining(slow, at(40))).contains(Duration.ofSeconds(40));
    }

    @Test
    void readBackTheRunnersEstimateShrinksWithTheTimeSinceItWasMade() {
        Progress progress = progress(50, at(10)).withEta(12L);

        Optional<Duration> remaining = EtaEstimator.atRequest(progress, START, at(14), Optional.empty());

        assertThat(remaining).contains(Duration.ofSeconds(8));
    }

    @Test
    void aLapsedEstimateIsReplacedByTheJobsOwnPaceNeverByAPastCompletion() {
        Progress progress = progress(33.3, at(10)).withEta(2L);

        Optional<Duration> remaining = EtaEstimator.atRequest(progress, START, at(20), Optional.empty());

        // A third done in 20 s: about 40 s to go, where the stale estimate said the job ended 8 s ago.
        assertThat(remaining)
                .hasValueSatisfying(left -> assertThat(left.toSeconds()).isBetween(39L, 41L));
    }

    @Test
    void withoutProgressOrHistoryNothingIsClaimed() {
        assertThat(EtaEstimator.atRequest(null, START, at(5), Optional.empty())).isEmpty();
        assertThat(EtaEstimator.atRequest(progress(0, at(1)), START, at(5), Optional.empty()))
                .isEmpty();
        assertThat(EtaEstimator.atRequest(progress(100, at(1)), START, at(5), Optional.empty()))
                .as("every node done: the job is finishing, its end is not an estimate")
                .isEmpty();
    }

    @Test
    void secondsRoundUpSoThatTimeLeftIsNeverShownAsZero() {
        assertThat(EtaEstimator.seconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(EtaEstimator.seconds(Duration.ofMillis(2000))).isEqualTo(2);
        assertThat(EtaEstimator.seconds(Duration.ZERO)).isZero();
    }

    private static Progress progress(double percentage, Instant at) {
        return new Progress(percentage, "4", "KSampler", 10, 20, 3, 7, at, null, null);
    }
}
