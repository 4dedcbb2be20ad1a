package io.comfyless.bench.lambda;

import com.sun.net.httpserver.HttpServer;
import io.comfyless.contract.Bucket;
import io.comfyless.contract.LambdaFunction;
import io.comfyless.contract.Live;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.json.Json;
import io.comfyless.core.webhook.WebhookMessage;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.aws.LocalResources;
import io.comfyless.testkit.aws.ProjectRoot;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * {@code ./comfyless bench lambda [rounds] [warm]}: each Lambda function's cold start in a fresh JVM
 * (JVM start to handler constructed, then the first request), against {@link PlainSubmitHandler}
 * measured in the same run and the same way; warm submit latency; AWS calls per request; each
 * function's artifact size. All against the AWS emulator, so an AWS round trip costs a few
 * milliseconds here as in a region.
 *
 * <p>Targets run in turn within each round (the machine's noise falls on all of them alike).
 * Defaults: 5 rounds, 40 warm submits.
 */
public final class LambdaBenchmark {

    private static final String PLAIN = "plain handler";
    private static final String ADAPTER = "adapter only";

    private LambdaBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int warm = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        Path root = ProjectRoot.find();
        Path work = Files.createTempDirectory("comfyless-bench-lambda");
        LocalResources resources = AwsEmulator.freshResources();
        Map<String, String> environment = new LinkedHashMap<>(resources.environment());
        environment.put("COMFYLESS_WEBHOOK_ALLOW_INSECURE", "true");
        // Where the fan-out would post; the benchmark's batches are empty, so it builds its client only.
        environment.put(Live.ENDPOINT_ENV_VAR, "http://127.0.0.1:9/live");
        HttpServer receiver = webhookReceiver();
        try (AwsClients aws = new AwsClients(RuntimeConfig.from(environment::get))) {
            ProcessLauncher launcher = ProcessLauncher.create(root, work, environment);
            Fixtures fixtures =
                    new Fixtures(aws, environment, receiver.getAddress().getPort());
            List<Target> targets = targets(launcher);
            Map<String, List<Sample>> samples = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                for (Target target : targets) {
                    Sample sample = launcher.run(target, fixtures.events(target.name(), warm, round));
                    samples.computeIfAbsent(target.name(), name -> new ArrayList<>())
                            .add(sample);
                    System.err.printf(
                            "round %d %-14s init %5d ms, first request %5d ms%n",
                            round, target.name(), sample.initMillis(), sample.firstRequestMillis());
                }
            }
            Map<String, Target> byName = new LinkedHashMap<>();
            targets.forEach(target -> byName.put(target.name(), target));
            new LambdaReport(samples, PLAIN, byName).print(System.out, rounds, warm);
        } finally {
            receiver.stop(0);
        }
    }

    private static List<Target> targets(ProcessLauncher launcher) throws IOException {
        List<Target> targets = new ArrayList<>();
        targets.add(launcher.plain(PLAIN));
        targets.add(launcher.adapterOnly(ADAPTER));
        for (LambdaFunction function : LambdaFunction.values()) {
            targets.add(launcher.function(function));
        }
        return targets;
    }

    /** Answers every webhook delivery with 204, as a healthy receiver would. */
    private static HttpServer webhookReceiver() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** What each function is given: a manifest in the bucket for the batch function, a message for the webhook one. */
    private record Fixtures(AwsClients aws, Map<String, String> environment, int receiverPort) {

        List<String> events(String target, int warm, int round) {
            return switch (target) {
                case PLAIN -> BenchEvents.plain(warm);
                case ADAPTER -> BenchEvents.echo();
                case "api" -> BenchEvents.api(warm);
                case "batch" -> manifest(round);
                case "webhook" -> BenchEvents.webhook(webhookMessage());
                case "schedule" -> BenchEvents.schedule("model_free_v1");
                case "reaper" -> BenchEvents.reaper();
                case "websocket" -> BenchEvents.websocket();
                case "fanout" -> BenchEvents.fanout();
                default ->
                    throw new IllegalArgumentException("No events for the function " + target + "; add them to "
                            + BenchEvents.class.getSimpleName());
            };
        }

        private List<String> manifest(int round) {
            String bucket = environment.get(Bucket.ENV_VAR);
            String line = BenchEvents.WORKFLOW_BODY + "\n";
            List<Map.Entry<String, String>> manifests = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String key = "batches/incoming/bench/round-" + round + "-" + UUID.randomUUID() + ".jsonl";
                String etag = aws.s3()
                        .putObject(put -> put.bucket(bucket).key(key), RequestBody.fromString(line + line))
                        .eTag();
                manifests.add(Map.entry(key, etag));
            }
            return BenchEvents.batch(bucket, manifests);
        }

        private String webhookMessage() {
            return new WebhookMessage(
                            "bench",
                            "exec_" + UUID.randomUUID().toString().replace("-", ""),
                            "http://127.0.0.1:" + receiverPort + "/hook",
                            "evt_" + UUID.randomUUID().toString().replace("-", ""),
                            "execution.completed",
                            "workflow.completed",
                            Instant.now(),
                            Json.object().put("status", "completed"))
                    .toJson();
        }
    }
}
