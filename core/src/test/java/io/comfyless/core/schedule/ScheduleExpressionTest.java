package io.comfyless.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comfyless.core.error.ValidationException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ScheduleExpressionTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final Instant ANCHOR = Instant.parse("2025-03-03T08:17:00Z");

    private static java.util.List<Instant> fires(String expression, String from, String to, ZoneId zone) {
        return ScheduleExpression.parse(expression, "schedule")
                .firesBetween(Instant.parse(from), Instant.parse(to), zone, ANCHOR);
    }

    @Test
    void aDailyCronFiresOnceADayAtItsMinute() {
        assertThat(fires("cron(0 9 * * ? *)", "2025-03-03T00:00:00Z", "2025-03-05T23:59:00Z", UTC))
                .containsExactly(
                        Instant.parse("2025-03-03T09:00:00Z"),
                        Instant.parse("2025-03-04T09:00:00Z"),
                        Instant.parse("2025-03-05T09:00:00Z"));
    }

    @Test
    void weekdayNamesAndRangesCountFromSunday() {
        // 2025-03-08 is a Saturday, 03-09 a Sunday, 03-10 a Monday.
        assertThat(fires("cron(30 6 ? * MON-FRI *)", "2025-03-07T00:00:00Z", "2025-03-10T23:00:00Z", UTC))
                .containsExactly(Instant.parse("2025-03-07T06:30:00Z"), Instant.parse("2025-03-10T06:30:00Z"));
        assertThat(fires("cron(0 12 ? * 1 *)", "2025-03-07T00:00:00Z", "2025-03-10T23:00:00Z", UTC))
                .containsExactly(Instant.parse("2025-03-09T12:00:00Z"));
    }

    @Test
    void stepsListsAndTheLastDayOfTheMonthWork() {
        assertThat(fires("cron(0/20 10,14 * * ? *)", "2025-03-03T09:59:00Z", "2025-03-03T14:59:00Z", UTC))
                .hasSize(6);
        assertThat(fires("cron(0 0 L * ? *)", "2025-02-01T00:00:00Z", "2025-03-31T23:59:00Z", UTC))
                .containsExactly(Instant.parse("2025-02-28T00:00:00Z"), Instant.parse("2025-03-31T00:00:00Z"));
    }

    @Test
    void cronTimesAreWallClockTimesInTheScheduleZone() {
        assertThat(fires(
                        "cron(0 9 * * ? *)", "2025-03-03T00:00:00Z", "2025-03-03T23:59:00Z", ZoneId.of("Europe/Paris")))
                .containsExactly(Instant.parse("2025-03-03T08:00:00Z"));
    }

    @Test
    void aRateCountsFromTheSchedulesCreation() {
        assertThat(fires("rate(1 hour)", "2025-03-03T08:00:00Z", "2025-03-03T11:00:00Z", UTC))
                .containsExactly(Instant.parse("2025-03-03T09:17:00Z"), Instant.parse("2025-03-03T10:17:00Z"));
        assertThat(fires("rate(15 minutes)", "2025-03-03T08:17:00Z", "2025-03-03T09:00:00Z", UTC))
                .hasSize(2);
    }

    @Test
    void anAtExpressionFiresOnce() {
        assertThat(fires("at(2025-03-04T10:30:00)", "2025-03-01T00:00:00Z", "2025-03-05T00:00:00Z", UTC))
                .containsExactly(Instant.parse("2025-03-04T10:30:00Z"));
    }

    @Test
    void aWindowFiresOnlyTheMinutesAfterItsStart() {
        assertThat(fires("cron(0 9 * * ? *)", "2025-03-03T09:00:00Z", "2025-03-03T09:00:59Z", UTC))
                .isEmpty();
        assertThat(fires("cron(0 9 * * ? *)", "2025-03-03T08:59:30Z", "2025-03-03T09:00:10Z", UTC))
                .hasSize(1);
    }

    @Test
    void malformedExpressionsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ScheduleExpression.parse("0 9 * * *", "schedule"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("cron(");
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 9 * * *)", "schedule"))
                .hasMessageContaining("6 fields");
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 9 * * MON *)", "schedule"))
                .hasMessageContaining("'?'");
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(61 9 * * ? *)", "schedule"))
                .hasMessageContaining("0 to 59");
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 9 ? * 2#1 *)", "schedule"))
                .hasMessageContaining("not supported");
        assertThatThrownBy(() -> ScheduleExpression.parse("rate(0 hours)", "schedule"))
                .hasMessageContaining("at least 1");
    }

    private static java.util.Optional<Instant> next(String expression, String after, ZoneId zone) {
        Instant from = Instant.parse(after);
        return ScheduleExpression.parse(expression, "schedule")
                .nextFire(from, zone, ANCHOR, java.time.Duration.ofDays(4 * 366));
    }

    @Test
    void theNextFiringOfAWeekdayCronInBerlinIsNineOClockThereOnMonday() {
        // Saturday 4 January 2031, noon UTC: the next weekday 09:00 in Berlin (UTC+1) is Monday 08:00 UTC.
        assertThat(next("cron(0 9 ? * MON-FRI *)", "2031-01-04T12:00:00Z", ZoneId.of("Europe/Berlin")))
                .hasValue(Instant.parse("2031-01-06T08:00:00Z"));
    }

    @Test
    void theNextFiringOfALeapDayCronIsFoundYearsAhead() {
        assertThat(next("cron(0 0 29 2 ? *)", "2029-03-01T00:00:00Z", UTC))
                .hasValue(Instant.parse("2032-02-29T00:00:00Z"));
    }

    @Test
    void aRateFiresEveryIntervalFromItsAnchorAndAnAtOnlyWhileItIsAhead() {
        assertThat(next("rate(15 minutes)", "2025-03-03T08:20:00Z", UTC))
                .hasValue(Instant.parse("2025-03-03T08:32:00Z"));
        assertThat(next("at(2025-03-04T10:00:00)", "2025-03-03T08:20:00Z", UTC))
                .hasValue(Instant.parse("2025-03-04T10:00:00Z"));
        assertThat(next("at(2025-03-01T10:00:00)", "2025-03-03T08:20:00Z", UTC)).isEmpty();
    }

    @Test
    void expressionsThatNeverFireAreRefusedNamingTheField() {
        Instant now = Instant.parse("2031-01-04T12:00:00Z");
        for (String never : java.util.List.of(
                "cron(0 9 30 2 ? *)", "cron(0 9 31 4 ? *)", "cron(0 9 * * ? 2020)", "at(2030-01-01T00:00:00)")) {
            assertThatThrownBy(() -> ScheduleExpression.parse(never, "start").requireFires("start", now, UTC))
                    .as(never)
                    .isInstanceOf(ValidationException.class)
                    .hasMessageStartingWith("start never fires");
        }
        assertThat(ScheduleExpression.parse("cron(0 9 ? * MON-FRI *)", "start")
                        .requireFires("start", now, UTC)
                        .text())
                .isEqualTo("cron(0 9 ? * MON-FRI *)");
    }
}
