package io.comfyless.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.json.Json;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code comfyless fleet}: the GPU fleet through the API. Without a subcommand it shows the fleet
 * (runner service, bounds, instances, workers with their setup stages); the subcommands change it
 * and need an operator's key.
 */
@Command(
        name = "fleet",
        description = "Show the GPU fleet; set its size and instance types; start, stop or schedule it")
final class FleetCommand implements Callable<Integer> {

    @Mixin
    ApiOptions options;

    @Override
    public Integer call() {
        Commands.print(options.client().get("v1/fleet"));
        return 0;
    }

    @Command(
            name = "set",
            description = "Change min, max, desired runners, instance types or capacity (spot|on-demand)")
    int set(
            @Mixin ApiOptions api,
            @Option(names = "--min", description = "runners kept warm") Integer min,
            @Option(names = "--max", description = "most runners (one GPU instance each)") Integer max,
            @Option(names = "--desired", description = "runners wanted now") Integer desired,
            @Option(names = "--instance-types", split = ",", description = "e.g. g5.xlarge,g6.xlarge")
                    List<String> instanceTypes,
            @Option(names = "--capacity", description = "spot or on-demand") String capacity) {
        ObjectNode body = Json.object();
        if (min != null) {
            body.put("min", min);
        }
        if (max != null) {
            body.put("max", max);
        }
        if (desired != null) {
            body.put("desired", desired);
        }
        if (instanceTypes != null) {
            ArrayNode types = body.putArray("instance_types");
            instanceTypes.forEach(types::add);
        }
        if (capacity != null) {
            body.put("capacity", capacity);
        }
        Commands.print(api.client().put("v1/fleet", body.toString()).path("settings"));
        return 0;
    }

    @Command(name = "start", description = "Keep COUNT runners warm until `fleet stop`; launches them now")
    int start(@Mixin ApiOptions api, @Option(names = "--count", defaultValue = "1") int count) {
        JsonNode fleet = api.client()
                .post("v1/fleet/start", Json.object().put("count", count).toString());
        System.out.println(
                "Starting: " + fleet.path("summary").path("desired_tasks").asText() + " runner(s) wanted");
        return 0;
    }

    @Command(name = "stop", description = "Drain every runner (jobs go back to the queue) and keep none warm")
    int stop(@Mixin ApiOptions api) {
        JsonNode fleet = api.client().post("v1/fleet/stop", "");
        System.out.println(
                "Stopping: " + fleet.path("summary").path("desired_tasks").asText() + " runner(s) wanted");
        return 0;
    }

    @Command(name = "schedules", description = "List fleet schedules")
    int schedules(@Mixin ApiOptions api) {
        Commands.print(api.client().get("v1/fleet/schedules"));
        return 0;
    }

    @Command(
            name = "schedule",
            description = "Keep runners warm on a timetable, e.g. --start 'cron(0 9 ? * MON-FRI *)'"
                    + " --stop 'cron(0 18 ? * MON-FRI *)' --timezone Europe/Berlin")
    int schedule(
            @Mixin ApiOptions api,
            @Option(names = "--start", required = true, description = "when to start, a Scheduler expression")
                    String start,
            @Option(names = "--stop", description = "when to drain again") String stop,
            @Option(names = "--timezone", defaultValue = "UTC") String timezone,
            @Option(names = "--count", defaultValue = "1") int count,
            @Option(names = "--description") String description) {
        ObjectNode body =
                Json.object().put("start", start).put("timezone", timezone).put("count", count);
        if (stop != null) {
            body.put("stop", stop);
        }
        if (description != null) {
            body.put("description", description);
        }
        Commands.print(api.client().post("v1/fleet/schedules", body.toString()));
        return 0;
    }

    @Command(name = "unschedule", description = "Delete a fleet schedule")
    int unschedule(@Mixin ApiOptions api, @Parameters(paramLabel = "ID") String id) {
        System.out.println(
                api.client().delete("v1/fleet/schedules/" + id).path("status").asText());
        return 0;
    }
}
