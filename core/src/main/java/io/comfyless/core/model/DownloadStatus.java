package io.comfyless.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a model download stands (seeds 003 and 004). {@code pending} waits for a runner;
 * {@code downloading} is held by one; {@code paused} is set aside until resumed (it starts over);
 * the last three are final.
 */
public enum DownloadStatus {
    PENDING,
    DOWNLOADING,
    PAUSED,
    COMPLETED,
    FAILED,
    CANCELLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    public static Optional<DownloadStatus> fromWire(String value) {
        return Arrays.stream(values())
                .filter(status -> status.wire().equals(value))
                .findFirst();
    }
}
