package io.comfyless.core.tenant;

import io.comfyless.core.config.Entropy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Makes and fingerprints API keys. A key is its type's prefix and 256 random bits in hex; only
 * {@link #hash(String) SHA-256 of the whole key} is stored. With 256 bits of entropy a plain hash
 * cannot be reversed by guessing, so neither a slow password hash nor a pepper would add
 * protection; a fast hash keeps every authenticated request cheap.
 */
public final class ApiKeySecrets {

    static final int SECRET_BYTES = 32;
    /** Characters of the random part shown in listings: 32 bits, enough to tell keys apart, useless to an attacker. */
    static final int DISPLAYED_CHARS = 8;

    private final SecureRandom random = Entropy.secureRandom();

    public String generate(ApiKeyType type) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return type.prefix() + HexFormat.of().formatHex(secret);
    }

    /** Lower-case hex SHA-256 of the key as presented. */
    public static String hash(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM provides SHA-256", e);
        }
    }

    /** {@code comfyui_sk_ab12cd34…}: safe to show, log and store. */
    public static String displayPrefix(ApiKeyType type, String key) {
        return key.substring(0, Math.min(key.length(), type.prefix().length() + DISPLAYED_CHARS)) + "…";
    }

    /** Whether {@code presented} has the shape of a key at all, so junk is refused without a lookup. */
    public static boolean wellFormed(String presented) {
        return ApiKeyType.ofKey(presented)
                .map(type -> presented.length() == type.prefix().length() + 2 * SECRET_BYTES
                        && presented
                                .substring(type.prefix().length())
                                .chars()
                                .allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
                .orElse(false);
    }
}
