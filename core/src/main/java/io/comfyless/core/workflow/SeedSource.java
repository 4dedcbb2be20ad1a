package io.comfyless.core.workflow;

import io.comfyless.core.config.Entropy;
import java.security.SecureRandom;

/** Where {@code seed: -1} gets its value. Injected so tests can pin it. */
@FunctionalInterface
public interface SeedSource {

    /** Largest drawn seed: 2^53 - 1, so JavaScript clients read the recorded seed exactly. */
    long MAX_DRAWN = (1L << 53) - 1;

    long draw();

    static SeedSource secureRandom() {
        SecureRandom random = Entropy.secureRandom();
        return () -> random.nextLong(MAX_DRAWN + 1);
    }
}
