package io.comfyless.local.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/** Where the API is and how to authenticate: flags, else COMFYLESS_API_URL / COMFYLESS_API_KEY. */
public final class ApiOptions {

    @Option(names = "--api", description = "API base URL (default: $COMFYLESS_API_URL or http://127.0.0.1:8080)")
    String api;

    @Option(names = "--key", description = "API key (default: $COMFYLESS_API_KEY)")
    String key;

    public ApiClient client() {
        String url = api != null ? api : System.getenv().getOrDefault("COMFYLESS_API_URL", "http://127.0.0.1:8080");
        String apiKey = key != null ? key : System.getenv("COMFYLESS_API_KEY");
        return new ApiClient(URI.create(url.endsWith("/") ? url : url + "/"), apiKey);
    }
}
