package io.comfyless.local;

import io.comfyless.local.stack.LocalStack;
import io.comfyless.testkit.aws.ProjectRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Runs a sample client against a local stack and keeps what it printed. */
record ProcessOutput(int exitCode, String output) {

    static ProcessOutput run(ProcessBuilder builder, LocalStack stack, Duration timeout)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("sample", ".log");
        builder.directory(ProjectRoot.find().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("COMFYLESS_API_URL", stack.apiUrl().toString());
        Process process = builder.start();
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        return new ProcessOutput(finished ? process.exitValue() : -1, Files.readString(log));
    }
}
