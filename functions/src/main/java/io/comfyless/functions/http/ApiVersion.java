package io.comfyless.functions.http;

/** The API's semantic version, reported in {@code X-API-Version} and by {@code /health}. */
public final class ApiVersion {

    public static final String CURRENT = "1.0.0";

    private ApiVersion() {}
}
