package io.comfyless.core.schedule;

import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ValidationException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge Scheduler expression, parsed: {@code cron(minutes hours day-of-month month
 * day-of-week year)}, {@code rate(n minute|minutes|hour|hours|day|days)} or
 * {@code at(yyyy-mm-ddThh:mm:ss)}. Cron fields take {@code *}, {@code ?}, values, ranges, lists,
 * steps, month and weekday names (weekdays 1-7 are SUN-SAT) and {@code L} as day of month; the
 * rarer {@code W}, {@code #} and weekday {@code L} are refused rather than misread. Used to check
 * expressions before they reach Scheduler, and by the local trigger to decide when they fire.
 */
public final class ScheduleExpression {

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
    private static final Pattern AT = Pattern.compile("at\\((\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.+)\\)");
    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** A window longer than this is not scanned minute by minute (the local trigger runs every minute). */
    private static final Duration MAX_WINDOW = Duration.ofDays(62);
    /** How far ahead an expression must fire to be accepted: four years holds a leap day. */
    static final Duration FIRING_HORIZON = Duration.ofDays(4 * 366);

    private final String text;
    private final Duration rate;
    private final LocalDateTime at;
    private final Cron cron;

    private ScheduleExpression(String text, Duration rate, LocalDateTime at, Cron cron) {
        this.text = text;
        this.rate = rate;
        this.at = at;
        this.cron = cron;
    }

    /** @throws ValidationException naming {@code field} and what is wrong */
    public static ScheduleExpression parse(String text, String field) {
        String expression = text == null ? "" : text.trim();
        Matcher rate = RATE.matcher(expression);
        if (rate.matches()) {
            long value = Long.parseLong(rate.group(1));
            if (value < 1) {
                throw invalid(field, "a rate must be at least 1");
            }
            ChronoUnit unit = rate.group(2).startsWith("minute")
                    ? ChronoUnit.MINUTES
                    : rate.group(2).startsWith("hour") ? ChronoUnit.HOURS : ChronoUnit.DAYS;
            return new ScheduleExpression(expression, Duration.of(value, unit), null, null);
        }
        Matcher at = AT.matcher(expression);
        if (at.matches()) {
            try {
                return new ScheduleExpression(expression, null, LocalDateTime.parse(at.group(1)), null);
            } catch (DateTimeParseException e) {
                throw invalid(field, "at(...) needs a valid date and time");
            }
        }
        Matcher cron = CRON.matcher(expression);
        if (cron.matches()) {
            return new ScheduleExpression(
                    expression, null, null, Cron.parse(cron.group(1).trim(), field));
        }
        throw invalid(
                field,
                "must be cron(minutes hours day-of-month month day-of-week year), rate(value unit) or at(yyyy-mm-ddThh:mm:ss)");
    }

    /**
     * Refuses an expression that would never fire: no matching time in the next four years (every
     * leap day included), which catches {@code cron(0 9 30 2 ? *)} and an {@code at()} in the past.
     *
     * @throws ValidationException naming {@code field}
     */
    public ScheduleExpression requireFires(String field, Instant now, ZoneId zone) {
        if (nextFire(now, zone, now, FIRING_HORIZON).isEmpty()) {
            throw invalid(field, "never fires: no time in the next four years matches " + text);
        }
        return this;
    }

    /** @throws ValidationException naming {@code field} when {@code timezone} is not an IANA zone */
    public static ZoneId zone(String timezone, String field) {
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw ValidationException.of(
                    "INVALID_VALUE", field, field + " must be an IANA time zone such as Europe/Berlin");
        }
    }

    public String text() {
        return text;
    }

    /**
     * The moments it fires after {@code from} and up to {@code to}, in whole minutes.
     *
     * @param zone   the schedule's time zone (cron and at are wall-clock times there)
     * @param anchor where a rate counts from (the schedule's creation)
     */
    public List<Instant> firesBetween(Instant from, Instant to, ZoneId zone, Instant anchor) {
        List<Instant> fires = new ArrayList<>();
        Instant start = from.isBefore(to.minus(MAX_WINDOW)) ? to.minus(MAX_WINDOW) : from;
        for (Instant minute = start.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
                !minute.isAfter(to);
                minute = minute.plus(1, ChronoUnit.MINUTES)) {
            if (firesAt(minute, zone, anchor)) {
                fires.add(minute);
            }
        }
        return fires;
    }

    /**
     * The first moment, in whole minutes, it fires after {@code after}, looking at most {@code horizon}
     * ahead; empty when it does not fire in that time (a cron naming February 30th, a past at()).
     *
     * @param zone   the schedule's time zone
     * @param anchor where a rate counts from (the schedule's creation)
     */
    public Optional<Instant> nextFire(Instant after, ZoneId zone, Instant anchor, Duration horizon) {
        Instant limit = after.plus(horizon);
        Optional<Instant> next;
        if (rate != null) {
            long minutes = rate.toMinutes();
            long since = Math.max(
                    0,
                    Duration.between(anchor.truncatedTo(ChronoUnit.MINUTES), after)
                            .toMinutes());
            next = Optional.of(
                    anchor.truncatedTo(ChronoUnit.MINUTES).plus((since / minutes + 1) * minutes, ChronoUnit.MINUTES));
        } else if (at != null) {
            next = Optional.of(at.truncatedTo(ChronoUnit.MINUTES).atZone(zone).toInstant())
                    .filter(when -> when.isAfter(after));
        } else {
            next = cron.firstAfter(after.atZone(zone), limit.atZone(zone).toLocalDate());
        }
        return next.filter(when -> !when.isAfter(limit));
    }

    boolean firesAt(Instant minute, ZoneId zone, Instant anchor) {
        if (rate != null) {
            long since = Duration.between(anchor.truncatedTo(ChronoUnit.MINUTES), minute)
                    .toMinutes();
            return since > 0 && since % rate.toMinutes() == 0;
        }
        ZonedDateTime local = minute.atZone(zone);
        if (at != null) {
            return local.toLocalDateTime().equals(at.truncatedTo(ChronoUnit.MINUTES));
        }
        return cron.matches(local);
    }

    private static ValidationException invalid(String field, String why) {
        return ValidationException.of(ErrorCodes.INVALID_SCHEDULE, field, field + " " + why);
    }

    /** The six cron fields as sets of allowed values. */
    private record Cron(
            BitSet minutes,
            BitSet hours,
            BitSet daysOfMonth,
            boolean lastDayOfMonth,
            BitSet months,
            BitSet daysOfWeek,
            BitSet years,
            boolean anyDayOfMonth,
            boolean anyDayOfWeek) {

        static Cron parse(String fields, String field) {
            String[] parts = fields.split("\\s+");
            if (parts.length != 6) {
                throw invalid(
                        field,
                        "cron needs 6 fields (minutes hours day-of-month month day-of-week year), got " + parts.length);
            }
            String dom = parts[2];
            String dow = parts[4];
            if (dom.equals("?") == dow.equals("?")) {
                throw invalid(field, "cron needs '?' in exactly one of day-of-month and day-of-week");
            }
            if (dom.contains("W") || dow.contains("#") || dow.length() > 1 && dow.endsWith("L")) {
                throw invalid(field, "cron's W, # and weekday L are not supported; use ranges and lists");
            }
            boolean lastDay = dom.equals("L");
            return new Cron(
                    values(parts[0], 0, 59, List.of(), field),
                    values(parts[1], 0, 23, List.of(), field),
                    lastDay || dom.equals("?") ? new BitSet() : values(dom, 1, 31, List.of(), field),
                    lastDay,
                    values(parts[3], 1, 12, MONTHS, field),
                    dow.equals("?") ? new BitSet() : values(dow, 1, 7, DAYS, field),
                    values(parts[5], 1970, 2199, List.of(), field),
                    dom.equals("?") || dom.equals("*"),
                    dow.equals("?") || dow.equals("*"));
        }

        boolean matches(ZonedDateTime t) {
            if (!minutes.get(t.getMinute())
                    || !hours.get(t.getHour())
                    || !months.get(t.getMonthValue())
                    || !years.get(t.getYear())) {
                return false;
            }
            return matchesDay(t.toLocalDate());
        }

        /** The first whole minute after {@code after} that matches, on a day no later than {@code lastDay}. */
        Optional<Instant> firstAfter(ZonedDateTime after, LocalDate lastDay) {
            ZoneId zone = after.getZone();
            for (LocalDate day = after.toLocalDate(); !day.isAfter(lastDay); day = day.plusDays(1)) {
                if (!years.get(day.getYear())) {
                    day = LocalDate.of(day.getYear(), 12, 31);
                    continue;
                }
                if (!months.get(day.getMonthValue()) || !matchesDay(day)) {
                    continue;
                }
                for (int hour = hours.nextSetBit(0); hour >= 0; hour = hours.nextSetBit(hour + 1)) {
                    for (int minute = minutes.nextSetBit(0); minute >= 0; minute = minutes.nextSetBit(minute + 1)) {
                        Instant candidate =
                                day.atTime(hour, minute).atZone(zone).toInstant();
                        if (candidate.isAfter(after.toInstant())) {
                            return Optional.of(candidate);
                        }
                    }
                }
            }
            return Optional.empty();
        }

        private boolean matchesDay(LocalDate day) {
            boolean domMatches =
                    lastDayOfMonth ? day.getDayOfMonth() == day.lengthOfMonth() : daysOfMonth.get(day.getDayOfMonth());
            boolean dowMatches = daysOfWeek.get(awsDayOfWeek(day.getDayOfWeek()));
            if (anyDayOfMonth && anyDayOfWeek) {
                return true;
            }
            return anyDayOfMonth ? dowMatches : domMatches;
        }

        /** AWS numbers weekdays 1-7 from Sunday. */
        private static int awsDayOfWeek(DayOfWeek day) {
            return day.getValue() % 7 + 1;
        }

        private static BitSet values(String spec, int min, int max, List<String> names, String field) {
            BitSet set = new BitSet();
            for (String item : spec.split(",")) {
                String range = item;
                int step = 1;
                int slash = item.indexOf('/');
                if (slash >= 0) {
                    range = item.substring(0, slash);
                    step = number(item.substring(slash + 1), 1, max, List.of(), field);
                }
                int low;
                int high;
                if (range.equals("*") || range.equals("?")) {
                    low = min;
                    high = max;
                } else if (range.contains("-")) {
                    String[] ends = range.split("-", 2);
                    low = number(ends[0], min, max, names, field);
                    high = number(ends[1], min, max, names, field);
                } else {
                    low = number(range, min, max, names, field);
                    high = slash >= 0 ? max : low;
                }
                if (low > high) {
                    throw invalid(field, "cron range " + range + " runs backwards");
                }
                for (int value = low; value <= high; value += step) {
                    set.set(value);
                }
            }
            return set;
        }

        private static int number(String text, int min, int max, List<String> names, String field) {
            int named = names.indexOf(text.toUpperCase(Locale.ROOT));
            if (named >= 0) {
                return named + 1;
            }
            try {
                int value = Integer.parseInt(text);
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            throw invalid(field, "cron value '" + text + "' must be from " + min + " to " + max);
        }
    }
}
