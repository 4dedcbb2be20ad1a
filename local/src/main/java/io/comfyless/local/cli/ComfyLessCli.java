package io.comfyless.local.cli;

import io.comfyless.core.error.ApiException;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.aws.ProjectRoot;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code comfyless} command line (the {@code ./comfyless} script runs it; {@code test} is the script's own). */
@Command(name = "comfyless", mixinStandardHelpOptions = true, version = "ComfyLess 0.1.0",
        description = "Serverless ComfyUI on AWS: run it locally, submit and follow jobs.",
        subcommands = {
            UpCommand.class,
            DemoCommand.class,
            SubmitCommand.class,
            JobCommands.Status.class,
            JobCommands.ListJobs.class,
            JobCommands.Cancel.class,
            JobCommands.Retry.class,
            JobCommands.Logs.class,
            JobCommands.Results.class,
            JobCommands.Workers.class,
            JobCommands.Queue.class,
            KeysCommand.class
        })
public final class ComfyLessCli {

    public static void main(String[] args) {
        System.setProperty(AwsEmulator.LOG_DIR_PROPERTY, ProjectRoot.find().resolve(".comfyless").toString());
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for embedding and tests (main() also exits the JVM). */
    public static CommandLine commandLine() {
        return new CommandLine(new ComfyLessCli())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof ApiClient.ApiError || e instanceof ApiException || e instanceof IllegalStateException) {
                        cmd.getErr().println("Error: " + e.getMessage());
                        return 1;
                    }
                    throw e;
                });
    }
}
