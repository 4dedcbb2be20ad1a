package io.comfyless.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class EntropyTest {

    @Test
    void copiesOfOneGeneratorDrawDifferentlyAfterAReseed() throws Exception {
        SecureRandom first = Entropy.track(seeded());
        SecureRandom second = Entropy.track(seeded());
        assertThat(bytes(seeded())).as("a snapshot's copies draw alike").isEqualTo(bytes(seeded()));

        Entropy.reseedAll();

        assertThat(bytes(first)).isNotEqualTo(bytes(second));
    }

    private static SecureRandom seeded() throws Exception {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(42L);
        return random;
    }

    private static byte[] bytes(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return bytes;
    }
}
