package io.comfyless.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.tenant.ApiKeys;
import io.comfyless.core.tenant.NewApiKey;
import io.comfyless.core.tenant.Tier;
import io.comfyless.local.stack.LocalStack;
import io.comfyless.testkit.aws.ProjectRoot;
import io.comfyless.testkit.comfyui.ComfyUiDouble;
import io.comfyless.testkit.comfyui.NodeTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The web console in a real browser: the Playwright tests in {@code console/e2e/} drive Debian's
 * Chromium against this local stack, served as {@code ./comfyless up --auth} serves it, with a key
 * for each of two tenants. The ComfyUI double is slowed down so that a run is seen in progress
 * ({@code ImageInvert} takes four seconds) and a job can be cancelled while it runs ({@code
 * ImageBlur} takes ten minutes, in steps like a sampler, so an interrupt stops it at the next one). Screenshots of the main pages land in {@code
 * console/target/screenshots/}.
 */
class ConsoleBrowserIT {

    private static final Path ROOT = ProjectRoot.find();
    private static final Path PLAYWRIGHT = ROOT.resolve("console/node_modules/@playwright/test/cli.js");

    @Test
    void theConsolePassesItsBrowserTestsInChromium() throws Exception {
        Path chromium =
                Path.of(Optional.ofNullable(System.getenv("CHROMIUM_PATH")).orElse("/usr/bin/chromium"));
        assumeTrue(
                Files.isExecutable(chromium),
                "Chromium is not installed at " + chromium + " (Debian: apt-get install chromium; .ci/run does it)");
        assertThat(PLAYWRIGHT)
                .as("Playwright, installed by the console build (npm ci)")
                .exists();

        try (LocalStack stack = LocalStack.start(new LocalStack.Options(
                0,
                2,
                Optional.empty(),
                true,
                "console" + UUID.randomUUID().toString().substring(0, 6)))) {
            ComfyUiDouble comfy = stack.comfyUiDouble().orElseThrow();
            comfy.faults().delay(NodeTarget.ofClass("ImageInvert"), Duration.ofSeconds(4));
            // Ten minutes in steps, like a sampler: a cancel takes effect at the next step, not after the node.
            comfy.faults().sample(NodeTarget.ofClass("ImageBlur"), 6000, Duration.ofMillis(100));
            ApiKeys keys = ApiKeys.from(
                    RuntimeConfig.from(stack.environment()::get),
                    stack.adapters().aws());

            ProcessBuilder playwright = new ProcessBuilder(
                    "node", PLAYWRIGHT.toString(), "test", "--config", "console/playwright.config.ts");
            playwright.environment().put("CHROMIUM_PATH", chromium.toString());
            playwright
                    .environment()
                    .put(
                            "COMFYLESS_CONSOLE_URL",
                            stack.consoleUrl().orElseThrow().toString());
            playwright.environment().put("COMFYLESS_KEY_A", secretKey(keys, "console-a"));
            playwright.environment().put("COMFYLESS_KEY_B", secretKey(keys, "console-b"));
            playwright
                    .environment()
                    .put(
                            "COMFYLESS_SCREENSHOT_DIR",
                            ROOT.resolve("console/target/screenshots").toString());
            ProcessOutput run = ProcessOutput.run(playwright, stack, Duration.ofMinutes(5));

            System.out.println(run.output());
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("passed").doesNotContain("skipped");
        }
    }

    /** A fresh tenant on the top tier, so that the tests' own requests never meet a rate limit. */
    private static String secretKey(ApiKeys keys, String name) {
        String tenant = name + "-" + UUID.randomUUID().toString().substring(0, 6);
        keys.setTier(tenant, Tier.ENTERPRISE);
        return keys.create(NewApiKey.secret(tenant, "console tests")).secret();
    }
}
