package io.comfyless.core.job;

import java.time.Instant;
import java.util.List;

/** One line of a job's execution log, as served by {@code /logs}. */
public record LogEntry(Instant timestamp, String level, String event, String message, String nodeId) {

    public static final String DEBUG = "DEBUG";
    public static final String INFO = "INFO";
    public static final String WARNING = "WARNING";
    public static final String ERROR = "ERROR";
    /** The levels an entry has, lowest first; {@code /logs?level=} takes these names. */
    public static final List<String> LEVELS = List.of(DEBUG, INFO, WARNING, ERROR);

    public static LogEntry info(Instant at, String event, String message) {
        return new LogEntry(at, INFO, event, message, null);
    }
}
