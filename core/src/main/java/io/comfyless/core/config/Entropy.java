package io.comfyless.core.config;

import java.security.SecureRandom;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The source of every {@link SecureRandom} behind ids, seeds and secrets, so that all of them can
 * be given fresh entropy at once with {@link #reseedAll()}: a Lambda function restored from a
 * SnapStart snapshot must not draw what every other copy of that snapshot draws.
 */
public final class Entropy {

    private static final Set<SecureRandom> ISSUED =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private Entropy() {}

    public static SecureRandom secureRandom() {
        return track(new SecureRandom());
    }

    /** Adds {@code random} to those {@link #reseedAll()} reseeds. */
    static SecureRandom track(SecureRandom random) {
        ISSUED.add(random);
        return random;
    }

    /**
     * Mixes new seed material from the operating system into every generator issued; {@code setSeed}
     * adds to a generator's seed, never replaces it.
     */
    public static void reseedAll() {
        SecureRandom source = new SecureRandom();
        synchronized (ISSUED) {
            ISSUED.forEach(random -> random.setSeed(source.generateSeed(32)));
        }
    }
}
