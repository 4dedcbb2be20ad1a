package io.comfyless.core.fleet;

import java.time.Duration;
import java.time.Instant;

/**
 * A short-lived mark, shared by every process that submits jobs, that one of them is checking
 * whether the fleet must be woken: whoever sets it checks; the others, for as long as it holds, do
 * not. So a burst of submits on an empty fleet makes one wake-up, not one per submit.
 */
public interface WakeMark {

    /** Sets the mark until {@code now + hold} if it is not set; whether this caller set it. */
    boolean claim(Instant now, Duration hold);

    /** Clears the mark (the claimant failed to check; the next submit should try again). */
    void release();
}
