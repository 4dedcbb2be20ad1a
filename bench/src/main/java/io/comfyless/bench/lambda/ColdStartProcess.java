package io.comfyless.bench.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.comfyless.core.config.AwsCallCounter;
import io.comfyless.functions.local.LocalLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda runtime's part, in a fresh JVM: loads the handler class and constructs it (Lambda's
 * init phase), then hands it events one by one, as the runtime's invoke loop does. Every line it
 * prints on stdout that starts with {@value #MARK} is a measurement for {@link LambdaBenchmark}.
 *
 * <p>Arguments: the handler class and a file of events, one per line as {@code <phase> <json>}:
 * {@code first} (the cold request), {@code warm} (timed, repeated) and {@code count:<name>} (AWS
 * calls counted). {@code {id}} in an event is replaced by the {@code execution_id} of the first
 * answer.
 */
public final class ColdStartProcess {

    static final String MARK = "@bench ";
    private static final Pattern EXECUTION_ID = Pattern.compile("\"execution_id\"\\s*:\\s*\"([^\"]+)\"");

    private ColdStartProcess() {}

    public static void main(String[] args) throws Exception {
        long started = System.currentTimeMillis();
        List<String> lines = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
        RequestStreamHandler handler = (RequestStreamHandler)
                Class.forName(args[0]).getDeclaredConstructor().newInstance();
        long initialised = System.currentTimeMillis();
        String executionId = null;
        List<Long> warm = new ArrayList<>();
        for (String line : lines) {
            int space = line.indexOf(' ');
            String phase = line.substring(0, space);
            String event = executionId == null
                    ? line.substring(space + 1)
                    : line.substring(space + 1).replace("{id}", executionId);
            AwsCallCounter.Snapshot before = ProcessCalls.ALL.snapshot();
            long start = System.nanoTime();
            String answer = invoke(handler, event);
            long micros = (System.nanoTime() - start) / 1000;
            if (phase.equals("first")) {
                print("main_ms " + started);
                print("init_ms " + initialised);
                print("first_ms " + System.currentTimeMillis());
                print("first_answer " + answer.replace('\n', ' '));
                Matcher id = EXECUTION_ID.matcher(answer);
                executionId = id.find() ? id.group(1) : null;
            } else if (phase.equals("warm")) {
                warm.add(micros);
            } else if (phase.startsWith("count:")) {
                print("calls " + phase.substring("count:".length()) + " "
                        + ProcessCalls.ALL.snapshot().since(before).byOperation());
            }
        }
        print("warm_us " + warm);
        System.out.flush();
        System.exit(0);
    }

    private static String invoke(RequestStreamHandler handler, String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                out,
                LocalLambdaContext.of(UUID.randomUUID().toString(), "bench", Duration.ofMinutes(1)));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void print(String line) {
        System.out.println(MARK + line);
    }
}
