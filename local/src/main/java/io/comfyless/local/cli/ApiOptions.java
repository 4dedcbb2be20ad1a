package io.comfyless.local.cli;

import io.comfyless.local.stack.LocalEnvFile;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the API is and how to authenticate: flags, else COMFYLESS_API_URL / COMFYLESS_API_KEY. */
public final class ApiOptions {

    @Option(
            names = "--api",
            description =
                    "API base URL (default: $COMFYLESS_API_URL, else the running `up`, else http://127.0.0.1:8080)")
    String api;

    @Option(names = "--key", description = "API key (default: $COMFYLESS_API_KEY)")
    String key;

    public ApiClient client() {
        String url = api != null
                ? api
                : Optional.ofNullable(System.getenv(LocalEnvFile.API_URL))
                        .or(() -> LocalEnvFile.read().map(env -> env.get(LocalEnvFile.API_URL)))
                        .orElse("http://127.0.0.1:8080");
        String apiKey = key != null ? key : System.getenv("COMFYLESS_API_KEY");
        return new ApiClient(URI.create(url.endsWith("/") ? url : url + "/"), apiKey);
    }
}
