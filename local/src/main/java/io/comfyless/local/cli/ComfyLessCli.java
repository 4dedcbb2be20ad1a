package io.comfyless.local.cli;

import io.comfyless.core.error.ApiException;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.aws.ProjectRoot;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The {@code comfyless} command line (the {@code ./comfyless} script runs it; {@code test} is the script's own). */
@Command(
        name = "comfyless",
        mixinStandardHelpOptions = true,
        version = "ComfyLess 0.1.0",
        description = "Serverless ComfyUI on AWS: run it locally, submit and follow jobs.",
        subcommands = {UpCommand.class, DemoCommand.class, SubmitCommand.class},
        scope = ScopeType.INHERIT)
public final class ComfyLessCli {

    /** The methods of {@link JobCommands}, in the order help lists them. */
    private static final List<String> CLIENT_COMMANDS =
            List.of("status", "watch", "list", "cancel", "retry", "logs", "results", "workers", "queue");

    public static void main(String[] args) {
        System.setProperty(
                AwsEmulator.LOG_DIR_PROPERTY,
                ProjectRoot.find().resolve(".comfyless").toString());
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for embedding and tests (main() also exits the JVM). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ComfyLessCli());
        for (String name : CLIENT_COMMANDS) {
            cli.addSubcommand(new CommandLine(
                    CommandLine.getCommandMethods(JobCommands.class, name).get(0)));
        }
        cli.addSubcommand(new KeysCommand());
        cli.addSubcommand(new FleetCommand());
        return cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ApiClient.ApiError || e instanceof ApiException || e instanceof IllegalStateException) {
                cmd.getErr().println("Error: " + e.getMessage());
                return 1;
            }
            throw e;
        });
    }
}
