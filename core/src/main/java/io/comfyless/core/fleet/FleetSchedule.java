package io.comfyless.core.fleet;

import java.time.Instant;

/**
 * Warm capacity on a timetable: keep {@code count} runners from each {@code start} until the next
 * {@code stop} ("one GPU Monday to Friday, 09:00 to 18:00, Europe/Berlin"). Fired by EventBridge
 * Scheduler, like saved-template schedules.
 *
 * @param start when to start {@code count} runners (a Scheduler expression)
 * @param stop  when to drain them again; null to keep them until someone stops the fleet
 */
public record FleetSchedule(
        String id, String start, String stop, String timezone, int count, String description, Instant createdAt) {

    /** The Scheduler schedule that starts the fleet. */
    public String startName() {
        return id + "-start";
    }

    /** The Scheduler schedule that stops it. */
    public String stopName() {
        return id + "-stop";
    }
}
