package io.comfyless.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.contract.Settings;
import io.comfyless.core.json.Json;
import io.comfyless.local.stack.LocalStack;
import io.comfyless.testkit.aws.ProjectRoot;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code comfyless demo}: the main job end to end. Starts the stack, submits the model-free sample
 * workflow through the HTTP API, follows its progress, saves the outputs and prints timings.
 */
@Command(name = "demo", description = "Start the stack, run the sample workflow, save its outputs, stop")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--workflow", description = "Workflow to run (default: samples/workflows/model_free_v1.json)")
    Path workflow;

    @Option(names = "--out", defaultValue = "out", description = "Where to save outputs (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--comfyui", paramLabel = "URL", description = "A real ComfyUI instead of the protocol double")
    URI comfyui;

    @Override
    public Integer call() throws Exception {
        Path file = workflow != null ? workflow : ProjectRoot.find().resolve("samples/workflows/model_free_v1.json");
        String body = Json.object()
                .set("workflow", Json.parse(Files.readString(file), file.toString()))
                .toString();
        Instant begin = Instant.now();
        System.out.println("Starting the local stack ...");
        try (LocalStack stack = LocalStack.start(
                new LocalStack.Options(0, 1, Optional.ofNullable(comfyui), false, Settings.DEFAULT_LOCAL_PREFIX))) {
            Duration startup = Duration.between(begin, Instant.now());
            StackBanner.print(stack, 1, System.out);
            ApiClient api = new ApiClient(URI.create(stack.apiUrl() + "/"), null);

            Instant submitted = Instant.now();
            JsonNode accepted = api.post("v1/workflows/execute", body);
            String id = accepted.path("execution_id").asText();
            System.out.println("Submitted " + file.getFileName() + " as " + id);
            JsonNode job = new JobWatcher(api, System.out).await(id, Duration.ofMinutes(10));
            Duration total = Duration.between(submitted, Instant.now());
            if (!job.path("status").asText().equals("completed")) {
                return Commands.exitCodeFor(job, System.out);
            }
            Instant downloadStart = Instant.now();
            List<Path> saved = Downloads.save(api, id, out, System.out);
            Duration download = Duration.between(downloadStart, Instant.now());
            System.out.printf(
                    "Timings: stack start %.1f s · submit to completed %.2f s (queued %.2f s, ran %.2f s) · download %.2f s%n",
                    seconds(startup),
                    seconds(total),
                    seconds(Duration.between(
                            submitted, Instant.parse(job.path("started_at").asText()))),
                    job.path("duration_seconds").asDouble(),
                    seconds(download));
            System.out.println(
                    saved.isEmpty() ? "No outputs were produced." : "Outputs are in " + out.toAbsolutePath());
            System.out.println("Stopping the local stack ...");
            return saved.isEmpty() ? 1 : 0;
        }
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
