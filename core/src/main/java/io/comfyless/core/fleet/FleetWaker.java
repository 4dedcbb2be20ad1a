package io.comfyless.core.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the fleet the moment work arrives on an empty one, instead of waiting a minute or more for
 * the backlog alarm: when a job is queued and the runner service wants no task, it asks for one,
 * and when the instance group wants no instance, it launches one directly (the capacity provider
 * would otherwise wait for its own alarm before launching). The alarms stay as the backstop.
 *
 * <p>Cheap on the submit path: each process looks at most once per {@link #HOLD}, and across all
 * processes only the one that claims the shared {@link WakeMark} calls ECS and Auto Scaling.
 */
public final class FleetWaker {

    private static final Logger log = LoggerFactory.getLogger(FleetWaker.class);
    /** How long one check covers; a burst of submits within it wakes the fleet once. */
    public static final Duration HOLD = Duration.ofSeconds(15);

    private final WakeMark mark;
    private final FleetControl fleet;
    private final Clock clock;
    private volatile Instant quietUntil = Instant.MIN;

    public FleetWaker(WakeMark mark, FleetControl fleet, Clock clock) {
        this.mark = mark;
        this.fleet = fleet;
        this.clock = clock;
    }

    /** What one wake-up did. */
    public record Wake(boolean checked, boolean raisedService, boolean raisedGroup) {

        static final Wake SKIPPED = new Wake(false, false, false);
    }

    /** Called after a job message was sent. Never throws: the job is queued either way. */
    public Wake jobQueued() {
        Instant now = clock.instant();
        if (now.isBefore(quietUntil)) {
            return Wake.SKIPPED;
        }
        quietUntil = now.plus(HOLD);
        try {
            if (!mark.claim(now, HOLD)) {
                return Wake.SKIPPED;
            }
        } catch (RuntimeException e) {
            log.warn("Could not claim the fleet wake mark; the backlog alarm will start runners: {}", e.toString());
            return Wake.SKIPPED;
        }
        try {
            return wake();
        } catch (RuntimeException e) {
            log.warn("Could not wake the fleet; the backlog alarm will start runners: {}", e.toString());
            quietUntil = Instant.MIN;
            releaseQuietly();
            return Wake.SKIPPED;
        }
    }

    private Wake wake() {
        boolean service = false;
        if (fleet.desiredTasks() == 0) {
            fleet.setDesired(1);
            service = true;
        }
        boolean group = fleet.raiseGroupTo(1);
        if (service || group) {
            log.info(
                    "Work queued on an empty fleet: raised {}",
                    service && group
                            ? "the runner service and the instance group"
                            : service ? "the runner service" : "the instance group");
        }
        return new Wake(true, service, group);
    }

    private void releaseQuietly() {
        try {
            mark.release();
        } catch (RuntimeException e) {
            log.warn("Could not release the fleet wake mark; it lapses by itself: {}", e.toString());
        }
    }
}
