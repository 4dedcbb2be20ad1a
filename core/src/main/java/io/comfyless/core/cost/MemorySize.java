package io.comfyless.core.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Memory figures the way execution metrics write them: {@code "14.8GB"} (GiB, one decimal). */
public final class MemorySize {

    private MemorySize() {}

    /** Null for an unknown size. */
    public static String gigabytes(Long bytes) {
        if (bytes == null) {
            return null;
        }
        BigDecimal gib = BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(1L << 30), 1, RoundingMode.HALF_UP);
        return gib.toPlainString() + "GB";
    }
}
