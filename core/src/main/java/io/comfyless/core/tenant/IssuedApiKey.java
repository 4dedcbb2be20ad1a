package io.comfyless.core.tenant;
/**
 * A key just created: its record and, this once, the key itself. The key is never stored and
 * cannot be shown again; {@link #toString()} leaves it out so that logging this object is safe.
 */
public record IssuedApiKey(ApiKey key, String secret) {

    @Override
    public String toString() {
        return "IssuedApiKey[key=" + key + ", secret=" + key.displayPrefix() + "]";
    }
}
