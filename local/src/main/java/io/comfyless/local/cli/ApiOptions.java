package io.comfyless.local.cli;

import io.comfyless.contract.Live;
import io.comfyless.local.stack.LocalEnvFile;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the API is and how to authenticate: flags, else COMFYLESS_API_URL / COMFYLESS_API_KEY (and
 * COMFYLESS_LIVE_URL for live updates).
 */
public final class ApiOptions {

    static final String LIVE_URL = "COMFYLESS_LIVE_URL";

    @Option(
            names = "--api",
            description =
                    "API base URL (default: $COMFYLESS_API_URL, else the running `up`, else http://127.0.0.1:8080)")
    String api;

    @Option(names = "--key", description = "API key (default: $COMFYLESS_API_KEY)")
    String key;

    @Option(
            names = "--live",
            paramLabel = "URL",
            description = "Live-update WebSocket URL (default: $COMFYLESS_LIVE_URL, else the API's URL with"
                    + " ws:// or wss:// and path /ws, as the local stack serves it)")
    String live;

    public ApiClient client() {
        String apiKey = key();
        return new ApiClient(URI.create(apiUrl().endsWith("/") ? apiUrl() : apiUrl() + "/"), apiKey);
    }

    String key() {
        return key != null ? key : System.getenv("COMFYLESS_API_KEY");
    }

    /** The deployed stack's WebSocket API is its own URL (stack output LiveUrl); locally it is the API's port. */
    URI liveUrl() {
        String url = live != null ? live : System.getenv(LIVE_URL);
        if (url != null && !url.isBlank()) {
            return URI.create(url);
        }
        URI base = URI.create(apiUrl());
        String scheme = "https".equals(base.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + base.getRawAuthority() + Live.LOCAL_PATH);
    }

    private String apiUrl() {
        return api != null
                ? api
                : Optional.ofNullable(System.getenv(LocalEnvFile.API_URL))
                        .or(() -> LocalEnvFile.read().map(env -> env.get(LocalEnvFile.API_URL)))
                        .orElse("http://127.0.0.1:8080");
    }
}
