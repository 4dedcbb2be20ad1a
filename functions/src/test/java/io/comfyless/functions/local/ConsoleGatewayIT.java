package io.comfyless.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.aws.LocalResources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console's files and the API on one port, over real HTTP through the local gateway. */
class ConsoleGatewayIT {

    private static LocalApi api;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        LocalResources resources = AwsEmulator.freshResources();
        api = LocalApi.start(resources.environment(), 0, ConsoleFiles.fromClasspath("console-site/"));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(api.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theConsoleIsServedBesideTheApiOnItsOrigin() throws Exception {
        HttpResponse<String> page = get("/console/");
        HttpResponse<String> health = get("/health");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>console</title>");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(ConsoleFiles.CONTENT_SECURITY_POLICY);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void aHeadRequestGetsTheHeadersAndNoBody() throws Exception {
        HttpResponse<String> head = http.send(
                HttpRequest.newBuilder(URI.create(api.url() + "/console/assets/app-1a2b3c.js"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
    }

    @Test
    void pathsNextToTheConsoleStillReachTheApi() throws Exception {
        HttpResponse<String> answer = get("/consoles");

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("\"error\":\"not_found\"");
    }
}
