package io.comfyless.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.local.stack.LocalStack;
import io.comfyless.testkit.aws.ProjectRoot;
import io.comfyless.testkit.comfyui.ComfyUiDouble;
import io.comfyless.testkit.comfyui.NodeTarget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client commands of the CLI against a running local stack. */
class CliIT {

    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(new LocalStack.Options(
                0,
                1,
                Optional.empty(),
                false,
                "cli" + UUID.randomUUID().toString().substring(0, 6)));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            var commandLine = io.comfyless.local.cli.ComfyLessCli.commandLine();
            commandLine.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
            int code = commandLine.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
        }
    }

    @Test
    void submitWaitsForTheJobAndDownloadsItsOutputs() throws Exception {
        Path out = Files.createTempDirectory("cli-out");
        Path workflow = ProjectRoot.find().resolve("samples/workflows/model_free_v1.json");

        Run run = cli(
                "submit",
                workflow.toString(),
                "--set",
                "width=128",
                "--out",
                out.toString(),
                "--api",
                stack.apiUrl().toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Submitted exec_", "completed", "saved ");
        assertThat(Files.list(out))
                .singleElement()
                .satisfies(file -> assertThat(file.toString()).endsWith(".png"));
    }

    @Test
    void readCommandsAnswer() {
        String id = cli(
                        "submit",
                        ProjectRoot.find()
                                .resolve("samples/workflows/model_free_v1.json")
                                .toString(),
                        "--api",
                        stack.apiUrl().toString())
                .out()
                .replaceAll("(?s).*Submitted (exec_\\w+).*", "$1");

        assertThat(cli("status", id, "--api", stack.apiUrl().toString()).out())
                .contains("\"execution_id\" : \"" + id + "\"");
        assertThat(cli("status", id, "--wait", "25", "--api", stack.apiUrl().toString())
                        .out())
                .contains("\"execution_id\" : \"" + id + "\"");
        assertThat(cli("status", id, "--wait", "99", "--api", stack.apiUrl().toString())
                        .err())
                .contains("'wait' must be an integer from 0 to 25");
        assertThat(cli("list", "--api", stack.apiUrl().toString()).out()).contains(id);
        assertThat(cli("logs", id, "--api", stack.apiUrl().toString()).out()).contains("submitted");
        assertThat(cli("queue", "--api", stack.apiUrl().toString()).exitCode()).isZero();
        assertThat(cli("workers", "--api", stack.apiUrl().toString()).out()).contains("local-runner-1");
    }

    @Test
    void fleetCommandsShowAndChangeTheLocalFleetAndItsSchedules() {
        String api = stack.apiUrl().toString();

        Run set = cli("fleet", "set", "--min", "1", "--max", "3", "--capacity", "on-demand", "--api", api);
        assertThat(set.exitCode()).as(set.out() + set.err()).isZero();
        assertThat(set.out()).contains("\"min\" : 1", "\"max\" : 3", "\"capacity\" : \"on-demand\"");
        assertThat(cli("fleet", "--api", api).out()).contains("\"desired\" : 1", "local-runner-1");
        assertThat(cli("fleet", "start", "--count", "2", "--api", api).out()).contains("Starting: 2 runner(s)");
        assertThat(cli("fleet", "stop", "--api", api).out()).contains("Stopping: 0 runner(s)");

        Run bad = cli("fleet", "set", "--min", "5", "--max", "2", "--api", api);
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("Error: min (5) must not be more than max (2)");

        Run scheduled = cli(
                "fleet",
                "schedule",
                "--start",
                "cron(0 9 ? * MON-FRI *)",
                "--stop",
                "cron(0 18 ? * MON-FRI *)",
                "--timezone",
                "Europe/Berlin",
                "--api",
                api);
        assertThat(scheduled.exitCode()).as(scheduled.out() + scheduled.err()).isZero();
        String id = scheduled.out().replaceAll("(?s).*\"id\" : \"(fsch_\\w+)\".*", "$1");
        assertThat(cli("fleet", "schedules", "--api", api).out()).contains(id, "Europe/Berlin");
        assertThat(cli("fleet", "unschedule", id, "--api", api).out()).contains("deleted");
    }

    @Test
    void apiErrorsBecomeAMessageAndExitCodeOne() {
        Run run = cli("status", "exec_nope", "--api", stack.apiUrl().toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("Error: Execution 'exec_nope' not found");
    }

    @Test
    void anUnreachableApiSaysHowToStartTheStack() {
        Run run = cli("list", "--api", "http://127.0.0.1:9");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("./comfyless up");
    }

    @Test
    void submitFollowShowsStepsAndTheEstimateLiveThenDownloads() throws Exception {
        Path out = Files.createTempDirectory("cli-follow");
        Path workflow = ProjectRoot.find().resolve("samples/workflows/model_free_v1.json");
        ComfyUiDouble comfy = stack.comfyUiDouble().orElseThrow();
        comfy.faults().sample(NodeTarget.ofClass("ImageInvert"), 6, Duration.ofMillis(300));
        try {
            Run run = cli(
                    "submit",
                    workflow.toString(),
                    "--set",
                    "width=96",
                    "--follow",
                    "--out",
                    out.toString(),
                    "--api",
                    stack.apiUrl().toString());

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out())
                    .contains("running · node 2 (ImageInvert) step ")
                    .contains(" s left")
                    .contains("completed", "saved ")
                    .doesNotContain("polling");
            assertThat(Files.list(out))
                    .singleElement()
                    .satisfies(file -> assertThat(file.toString()).endsWith(".png"));
        } finally {
            comfy.faults().clear();
        }
    }

    @Test
    void watchFallsBackToPollingWhenNoSocketAnswers() {
        Path workflow = ProjectRoot.find().resolve("samples/workflows/model_free_v1.json");
        Run submitted = cli(
                "submit",
                workflow.toString(),
                "--set",
                "width=80",
                "--api",
                stack.apiUrl().toString());
        String id = submitted.out().replaceAll("(?s).*Submitted (exec_[0-9a-f]+).*", "$1");

        Run run = cli("watch", id, "--api", stack.apiUrl().toString(), "--live", "ws://127.0.0.1:1/ws");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("no live updates at ws://127.0.0.1:1/ws").contains("polling instead");
        assertThat(run.out()).contains("Completed in");
    }

    @Test
    void watchingAJobThatAlreadyEndedReturnsAtOnce() {
        Path workflow = ProjectRoot.find().resolve("samples/workflows/model_free_v1.json");
        Run submitted = cli(
                "submit",
                workflow.toString(),
                "--set",
                "width=72",
                "--wait",
                "--api",
                stack.apiUrl().toString());
        String id = submitted.out().replaceAll("(?s).*Submitted (exec_[0-9a-f]+).*", "$1");

        Run run = cli("watch", id, "--api", stack.apiUrl().toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Completed in").doesNotContain("polling");
    }
}
