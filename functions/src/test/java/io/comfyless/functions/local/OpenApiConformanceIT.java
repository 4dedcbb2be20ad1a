package io.comfyless.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.core.tenant.IssuedApiKey;
import io.comfyless.core.tenant.Tier;
import io.comfyless.testkit.aws.ProjectRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The API against its own OpenAPI document, by schemathesis (installed pinned by
 * {@code scripts/setup-schemathesis.sh}): generated requests for every operation, every check,
 * fixed seed, a bounded number of examples ({@code schemathesis.toml} says which and why). The
 * stack runs with authentication on, as deployed, and the caller is on the enterprise tier.
 *
 * <p>Not yet part of {@code ./comfyless test}: the document and the server still disagree on a
 * handful of generated requests (README, "Repository"), and a red suite helps nobody. Run it with
 * {@code -Dcomfyless.openapi.check=true}; it joins the suite once it reports no disagreement.
 */
@EnabledIfSystemProperty(
        named = "comfyless.openapi.check",
        matches = "true",
        disabledReason = "opt-in until the remaining document disagreements are fixed; see the README")
class OpenApiConformanceIT {

    private static SecuredStack stack;

    @BeforeAll
    static void start() {
        stack = SecuredStack.start();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void theServerAndItsOpenApiDocumentAgreeOnEveryGeneratedRequest() throws Exception {
        Path root = ProjectRoot.find();
        String schemathesis = install(root);
        IssuedApiKey key = stack.secretKey(stack.newTenant(Tier.ENTERPRISE));
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
                        "--header",
                        "Authorization: Bearer " + key.secret(),
                        "--no-color"))
                .redirectErrorStream(true)
                .redirectOutput(report.toFile());
        command.environment()
                .put(
                        "SCHEMATHESIS_HOOKS",
                        root.resolve("functions/src/test/resources/schemathesis_hooks.py")
                                .toString());
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
