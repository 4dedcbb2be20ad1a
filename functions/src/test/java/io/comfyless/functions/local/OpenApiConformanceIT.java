package io.comfyless.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Settings;
import io.comfyless.core.tenant.Tier;
import io.comfyless.testkit.aws.ProjectRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API against its own OpenAPI document, by schemathesis (installed pinned by
 * {@code scripts/setup-schemathesis.sh}): generated requests for every operation, every check,
 * fixed seed, a bounded number of examples ({@code schemathesis.toml} says which and why). The
 * stack runs with authentication on, as deployed, and its callers are tenants on the enterprise
 * tier.
 *
 * <p>The run sends some thousands of requests, so they are spread over several tenants' keys
 * ({@code schemathesis_hooks.py}), each staying inside its own request window; and because it
 * sends a wrong credential to every operation on purpose, all from one address, the stack allows
 * that address more failed authentications than the default (AuthThrottlingIT tests the default).
 * The tenants are the stack's operators, so the routes only operators may call are exercised too
 * (ModelAccessIT and FleetApiIT test that other tenants are refused).
 */
class OpenApiConformanceIT {

    /** Keys the run's requests are spread over; the first one alone serves the stateful phase. */
    private static final List<String> TENANTS =
            IntStream.rangeClosed(1, 9).mapToObj(i -> "conformance-" + i).toList();

    private static SecuredStack stack;

    @BeforeAll
    static void start() {
        stack = SecuredStack.start(Map.of(
                Settings.AUTH_FAILURES_PER_SOURCE, "100000", Settings.OPERATOR_TENANTS, String.join(",", TENANTS)));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void theServerAndItsOpenApiDocumentAgreeOnEveryGeneratedRequest() throws Exception {
        Path root = ProjectRoot.find();
        String schemathesis = install(root);
        String keys = TENANTS.stream()
                .map(tenant ->
                        stack.secretKey(stack.tenant(tenant, Tier.ENTERPRISE)).secret())
                .collect(Collectors.joining(","));
        String base = stack.api.url().toString();
        Path report = Path.of("target", "schemathesis.txt").toAbsolutePath();

        ProcessBuilder command = new ProcessBuilder(List.of(
                        schemathesis,
                        "--config-file",
                        root.resolve("functions/src/test/resources/schemathesis.toml")
                                .toString(),
                        "run",
                        base + "/openapi.json",
                        "--url",
                        base,
                        "--no-color"))
                .redirectErrorStream(true)
                .redirectOutput(report.toFile());
        command.environment()
                .put(
                        "SCHEMATHESIS_HOOKS",
                        root.resolve("functions/src/test/resources/schemathesis_hooks.py")
                                .toString());
        command.environment().put("COMFYLESS_CONFORMANCE_KEYS", keys);
        Process run = command.start();
        boolean finished = run.waitFor(15, TimeUnit.MINUTES);
        if (!finished) {
            run.destroyForcibly();
        }
        String output = Files.readString(report, StandardCharsets.UTF_8);

        assertThat(finished).as("schemathesis finished; see %s", report).isTrue();
        assertThat(run.exitValue())
                .as("schemathesis found disagreements (full report in %s):%n%s", report, tail(output))
                .isZero();
    }

    private static String install(Path root) throws IOException, InterruptedException {
        Process setup = new ProcessBuilder(
                        root.resolve("scripts/setup-schemathesis.sh").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String path = new String(setup.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(setup.waitFor()).as("scripts/setup-schemathesis.sh").isZero();
        return path;
    }

    private static String tail(String output) {
        return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
    }
}
