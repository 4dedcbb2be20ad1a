package io.comfyless.core.job;

import java.time.Instant;

/** One line of a job's execution log, as served by {@code /logs}. */
public record LogEntry(Instant timestamp, String level, String event, String message, String nodeId) {

    public static LogEntry info(Instant at, String event, String message) {
        return new LogEntry(at, "INFO", event, message, null);
    }
}
