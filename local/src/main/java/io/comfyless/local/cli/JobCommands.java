package io.comfyless.local.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The one-call client commands: each is one API request and its answer printed. Picocli turns each
 * method into a subcommand of {@code comfyless}.
 */
@Command
final class JobCommands {

    @Command(name = "status", description = "Show a job's status and progress")
    static int status(
            @Mixin ApiOptions options,
            @Parameters(paramLabel = "ID") String id,
            @Option(
                            names = "--wait",
                            paramLabel = "SECONDS",
                            description = "Answer once the status or progress changes, or after SECONDS (at most 25)")
                    Integer wait) {
        Commands.print(options.client().get("v1/workflows/" + id + "/status" + (wait == null ? "" : "?wait=" + wait)));
        return 0;
    }

    @Command(name = "list", description = "List your jobs, newest first")
    static int list(
            @Mixin ApiOptions options,
            @Option(names = "--status", description = "pending, running, completed, failed or cancelled") String status,
            @Option(names = "--limit", defaultValue = "20") int limit) {
        String query = "?limit=" + limit + (status == null ? "" : "&status=" + status);
        options.client()
                .get("v1/workflows" + query)
                .path("executions")
                .forEach(job -> System.out.printf(
                        "%-26s %-10s %s%n",
                        job.path("execution_id").asText(),
                        job.path("status").asText(),
                        job.path("created_at").asText()));
        return 0;
    }

    @Command(
            name = "watch",
            description = "Follow a job, or all your jobs, live over the WebSocket (polling when it is unavailable)")
    static int watch(
            @Mixin ApiOptions options,
            @Parameters(paramLabel = "ID", arity = "0..1", description = "The job; without it, every job") String id)
            throws InterruptedException {
        LiveWatcher watcher = new LiveWatcher(options.client(), options.liveUrl(), options.key(), System.out);
        if (id == null) {
            watcher.watchAll();
            return 0;
        }
        return Commands.exitCodeFor(watcher.follow(id, Duration.ofHours(24)), System.out);
    }

    @Command(name = "cancel", description = "Cancel a pending or running job")
    static int cancel(@Mixin ApiOptions options, @Parameters(paramLabel = "ID") String id) {
        System.out.println(options.client()
                .delete("v1/workflows/" + id + "/cancel")
                .path("message")
                .asText());
        return 0;
    }

    @Command(name = "retry", description = "Run a failed or cancelled job again, as a new job")
    static int retry(@Mixin ApiOptions options, @Parameters(paramLabel = "ID") String id) {
        System.out.println("Submitted "
                + options.client()
                        .post("v1/workflows/" + id + "/retry", "")
                        .path("execution_id")
                        .asText());
        return 0;
    }

    @Command(name = "logs", description = "Show a job's execution log")
    static int logs(@Mixin ApiOptions options, @Parameters(paramLabel = "ID") String id) {
        options.client()
                .get("v1/workflows/" + id + "/logs")
                .path("logs")
                .forEach(entry -> System.out.printf(
                        "%s %-7s %-16s %s%n",
                        entry.path("timestamp").asText(),
                        entry.path("level").asText(),
                        entry.path("event").asText(),
                        entry.path("message").asText()));
        return 0;
    }

    @Command(name = "results", description = "Show a job's outputs, or download them")
    static int results(
            @Mixin ApiOptions options,
            @Parameters(paramLabel = "ID") String id,
            @Option(names = "--download", paramLabel = "DIR", description = "Save the outputs into DIR")
                    Path download) {
        if (download != null) {
            Downloads.save(options.client(), id, download, System.out);
        } else {
            Commands.print(options.client().get("v1/workflows/" + id + "/results"));
        }
        return 0;
    }

    @Command(name = "workers", description = "List GPU runners and their state")
    static int workers(@Mixin ApiOptions options) {
        Commands.print(options.client().get("v1/workers"));
        return 0;
    }

    @Command(name = "queue", description = "Show queue depth per priority lane")
    static int queue(@Mixin ApiOptions options) {
        Commands.print(options.client().get("v1/queue/status"));
        return 0;
    }
}
