package io.comfyless.core.fleet;

import io.comfyless.core.error.ValidationException;
import java.util.Locale;

/** How GPU instances are bought: spot first (no on-demand floor), or on-demand only. */
public enum Capacity {
    SPOT("spot"),
    ON_DEMAND("on-demand");

    private final String wire;

    Capacity(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The group's share of on-demand instances above its (zero) base. */
    public int onDemandPercentage() {
        return this == SPOT ? 0 : 100;
    }

    public static Capacity fromOnDemandPercentage(Integer percentage) {
        return percentage != null && percentage >= 100 ? ON_DEMAND : SPOT;
    }

    public static Capacity parse(String value, String field) {
        String text = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (Capacity capacity : values()) {
            if (capacity.wire.equals(text)) {
                return capacity;
            }
        }
        throw ValidationException.of("INVALID_VALUE", field, field + " must be \"spot\" or \"on-demand\"");
    }
}
