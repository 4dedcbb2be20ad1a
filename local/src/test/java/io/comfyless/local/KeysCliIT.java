package io.comfyless.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.local.cli.ComfyLessCli;
import io.comfyless.local.stack.LocalEnvFile;
import io.comfyless.local.stack.LocalStack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `comfyless keys` against a local stack that requires API keys, as a deployed one does. */
class KeysCliIT {

    private static LocalStack stack;
    private static Path envFile;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(new LocalStack.Options(
                0,
                0,
                Optional.empty(),
                true,
                "keys" + UUID.randomUUID().toString().substring(0, 6)));
        envFile = Files.createTempFile("local", ".env");
        LocalEnvFile.write(envFile, stack.environment());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.out;
        PrintStream originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            var cli = ComfyLessCli.commandLine();
            cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
            int code = cli.execute(args);
            return new String[] {
                Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)
            };
        } finally {
            System.setOut(original);
            System.setErr(originalErr);
        }
    }

    private static int status(String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/v1/workflows"));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void aCreatedKeyOpensTheApiForItsTenantAndIsPrintedOnlyOnce() throws Exception {
        String[] created = run("keys", "create", "--tenant", "acme", "--env-file", envFile.toString());
        // The secret is the command's output; test logging may share stdout, so take the last line.
        String secret =
                created[1].strip().lines().reduce((first, second) -> second).orElse("");

        assertThat(created[0]).isEqualTo("0");
        assertThat(secret).startsWith("comfyui_sk_");
        assertThat(status(null)).isEqualTo(401);
        assertThat(status(secret)).isEqualTo(200);
        String[] listed = run("keys", "list", "--tenant", "acme", "--env-file", envFile.toString());
        assertThat(listed[1]).contains("active").doesNotContain(secret);
    }

    @Test
    void aRevokedKeyIsListedAsRevoked() {
        String[] created = run("keys", "create", "--tenant", "beta", "--type", "pk", "--env-file", envFile.toString());
        String keyId = created[2].replaceAll("(?s).*Key (\\S+) for tenant.*", "$1");

        String[] revoked = run("keys", "revoke", keyId, "--tenant", "beta", "--env-file", envFile.toString());

        assertThat(revoked[0]).isEqualTo("0");
        assertThat(run("keys", "list", "--tenant", "beta", "--env-file", envFile.toString())[1])
                .contains("revoked");
    }

    @Test
    void badInputIsAMessageNotAStackTrace() {
        String[] result = run("keys", "tier", "gold", "--tenant", "acme", "--env-file", envFile.toString());

        assertThat(result[0]).isEqualTo("1");
        assertThat(result[2]).startsWith("Error: ").doesNotContain("Exception");
    }
}
