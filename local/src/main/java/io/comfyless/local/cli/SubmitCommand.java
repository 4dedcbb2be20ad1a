package io.comfyless.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code comfyless submit FILE [--set k=v] [--wait | --follow] [--out DIR]}. */
@Command(name = "submit", description = "Submit a workflow (API format, or a full execute body)")
final class SubmitCommand implements Callable<Integer> {

    @Mixin
    ApiOptions options;

    @Parameters(paramLabel = "FILE", description = "Workflow JSON file")
    Path file;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Input override, e.g. --set prompt='a lake' --set 3.steps=30")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--priority", description = "0-10, or low/normal/high")
    String priority;

    @Option(names = "--wait", description = "Wait for the job to finish, showing progress")
    boolean await;

    @Option(
            names = "--follow",
            description = "Wait for the job, following it live over the WebSocket: progress, estimate, previews"
                    + " (polls when the socket is unavailable)")
    boolean follow;

    @Option(names = "--out", paramLabel = "DIR", description = "Download outputs here when done (implies --wait)")
    Path out;

    @Override
    public Integer call() throws Exception {
        JsonNode content = Json.parse(Files.readString(file), file.toString());
        ObjectNode body = content.has("workflow")
                ? (ObjectNode) content.deepCopy()
                : Json.object().set("workflow", content);
        if (!overrides.isEmpty()) {
            ObjectNode set = body.with("input_overrides");
            overrides.forEach((key, value) -> set.set(key, parse(value)));
        }
        if (priority != null) {
            body.with("execution_config").set("priority", parse(priority));
        }
        ApiClient api = options.client();
        JsonNode accepted = api.post("v1/workflows/execute", body.toString());
        String id = accepted.path("execution_id").asText();
        System.out.println("Submitted " + id + " (queue position "
                + accepted.path("queue_position").asLong() + ")");
        if (!await && !follow && out == null) {
            return 0;
        }
        JsonNode job = follow
                ? new LiveWatcher(api, options.liveUrl(), options.key(), System.out).follow(id, Duration.ofHours(1))
                : new JobWatcher(api, System.out).await(id, Duration.ofHours(1));
        if (out != null && job.path("status").asText().equals("completed")) {
            Downloads.save(api, id, out, System.out);
        }
        return Commands.exitCodeFor(job, System.out);
    }

    /** Values that read as JSON (numbers, booleans, objects) keep their type; anything else is a string. */
    private static JsonNode parse(String value) {
        try {
            return Json.read(value);
        } catch (RuntimeException notJson) {
            return Json.mapper().getNodeFactory().textNode(value);
        }
    }
}
