package io.comfyless.local.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The one-call client commands: status, list, cancel, retry, logs, results, workers, queue. */
final class JobCommands {

    private JobCommands() {
    }

    @Command(name = "status", description = "Show a job's status and progress")
    static final class Status implements Callable<Integer> {
        @Mixin
        ApiOptions options;
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            Commands.print(options.client().get("v1/workflows/" + id + "/status"));
            return 0;
        }
    }

    @Command(name = "list", description = "List your jobs, newest first")
    static final class ListJobs implements Callable<Integer> {
        @Mixin
        ApiOptions options;
        @Option(names = "--status", description = "pending, running, completed, failed or cancelled")
        String status;
        @Option(names = "--limit", defaultValue = "20")
        int limit;

        @Override
        public Integer call() {
            String query = "?limit=" + limit + (status == null ? "" : "&status=" + status);
            options.client().get("v1/workflows" + query).path("executions").forEach(job -> System.out.printf("%-26s %-10s %s%n",
                    job.path("execution_id").asText(), job.path("status").asText(), job.path("created_at").asText()));
            return 0;
        }
    }

    @Command(name = "cancel", description = "Cancel a pending or running job")
    static final class Cancel implements Callable<Integer> {
        @Mixin
        ApiOptions options;
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            System.out.println(options.client().post("v1/workflows/" + id + "/cancel", "").path("message").asText());
            return 0;
        }
    }

    @Command(name = "retry", description = "Run a failed or cancelled job again, as a new job")
    static final class Retry implements Callable<Integer> {
        @Mixin
        ApiOptions options;
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            System.out.println("Submitted " + options.client().post("v1/workflows/" + id + "/retry", "").path("execution_id").asText());
            return 0;
        }
    }

    @Command(name = "logs", description = "Show a job's execution log")
    static final class Logs implements Callable<Integer> {
        @Mixin
        ApiOptions options;
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            options.client().get("v1/workflows/" + id + "/logs").path("logs").forEach(entry -> System.out.printf("%s %-7s %-16s %s%n",
                    entry.path("timestamp").asText(), entry.path("level").asText(), entry.path("event").asText(),
                    entry.path("message").asText()));
            return 0;
        }
    }

    @Command(name = "results", description = "Show a job's outputs, or download them")
    static final class Results implements Callable<Integer> {
        @Mixin
        ApiOptions options;
        @Parameters(paramLabel = "ID")
        String id;
        @Option(names = "--download", paramLabel = "DIR", description = "Save the outputs into DIR")
        Path download;

        @Override
        public Integer call() {
            if (download != null) {
                Downloads.save(options.client(), id, download, System.out);
            } else {
                Commands.print(options.client().get("v1/workflows/" + id + "/results"));
            }
            return 0;
        }
    }

    @Command(name = "workers", description = "List GPU runners and their state")
    static final class Workers implements Callable<Integer> {
        @Mixin
        ApiOptions options;

        @Override
        public Integer call() {
            Commands.print(options.client().get("v1/workers"));
            return 0;
        }
    }

    @Command(name = "queue", description = "Show queue depth per priority lane")
    static final class Queue implements Callable<Integer> {
        @Mixin
        ApiOptions options;

        @Override
        public Integer call() {
            Commands.print(options.client().get("v1/queue/status"));
            return 0;
        }
    }
}
