package io.comfyless.core.job;

import io.comfyless.core.config.Entropy;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Execution ids: {@code exec_} and 20 random hex digits (80 bits), unguessable across tenants. */
public final class IdGenerator {

    private final SecureRandom random = Entropy.secureRandom();

    public String executionId() {
        return "exec_" + randomHex(10);
    }

    public String randomHex(int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return HexFormat.of().formatHex(buffer);
    }
}
