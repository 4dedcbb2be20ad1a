package io.comfyless.bench.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.json.Json;
import io.comfyless.functions.ApiGatewayEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The events each function receives in {@code bench lambda}, shaped as their AWS sources send
 * them: API Gateway (HTTP API, payload 2.0), EventBridge's S3 "Object Created", an SQS batch, an
 * EventBridge Scheduler input, and the reaper's scheduled event. Each list is written to a file, one
 * {@code <phase> <json>} line per event, for {@link ColdStartProcess}.
 */
final class BenchEvents {

    /** A model-free workflow: the submit the API and the plain handler both answer. */
    static final String WORKFLOW_BODY = "{\"workflow\":{\"1\":{\"class_type\":\"EmptyImage\",\"inputs\":{\"width\":64,"
            + "\"height\":64,\"batch_size\":1,\"color\":0}},\"2\":{\"class_type\":\"SaveImage\",\"inputs\":"
            + "{\"images\":[\"1\",0],\"filename_prefix\":\"bench\"}}}}";

    private BenchEvents() {}

    /** The cold submit, {@code warm} timed submits, then one submit, status read and list, counted. */
    static List<String> api(int warm) {
        List<String> lines = new ArrayList<>();
        lines.add("first " + http("POST", "/v1/workflows/execute", WORKFLOW_BODY));
        for (int i = 0; i < warm; i++) {
            lines.add("warm " + http("POST", "/v1/workflows/execute", WORKFLOW_BODY));
        }
        lines.add("count:submit " + http("POST", "/v1/workflows/execute", WORKFLOW_BODY));
        lines.add("count:status " + http("GET", "/v1/workflows/{id}/status", null));
        lines.add("count:read " + http("GET", "/v1/workflows/{id}", null));
        lines.add("count:list " + http("GET", "/v1/workflows", null));
        return lines;
    }

    /** The plain handler only submits. */
    static List<String> plain(int warm) {
        List<String> lines = new ArrayList<>();
        lines.add("first " + http("POST", "/v1/workflows/execute", WORKFLOW_BODY));
        for (int i = 0; i < warm; i++) {
            lines.add("warm " + http("POST", "/v1/workflows/execute", WORKFLOW_BODY));
        }
        lines.add("count:submit " + http("POST", "/v1/workflows/execute", WORKFLOW_BODY));
        return lines;
    }

    /** Two manifests, so that the counted ingest is a new one too (a repeated event creates nothing). */
    static List<String> batch(String bucket, List<Map.Entry<String, String>> keysAndEtags) {
        return List.of(
                "first " + objectCreated(bucket, keysAndEtags.get(0)),
                "count:ingest " + objectCreated(bucket, keysAndEtags.get(1)));
    }

    private static String objectCreated(String bucket, Map.Entry<String, String> keyAndEtag) {
        ObjectNode event = Json.object();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Object Created");
        event.put("source", "aws.s3");
        event.put("time", Instant.now().toString());
        ObjectNode detail = event.putObject("detail");
        detail.putObject("bucket").put("name", bucket);
        detail.putObject("object").put("key", keyAndEtag.getKey()).put("etag", keyAndEtag.getValue());
        return Json.write(event);
    }

    static List<String> webhook(String messageBody) {
        ObjectNode event = Json.object();
        ObjectNode record = event.putArray("Records").addObject();
        record.put("messageId", UUID.randomUUID().toString());
        record.put("receiptHandle", "bench-" + UUID.randomUUID());
        record.put("body", messageBody);
        record.putObject("attributes").put("ApproximateReceiveCount", "1");
        record.putObject("messageAttributes");
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:webhooks");
        record.put("awsRegion", "us-east-1");
        return List.of("first " + Json.write(event), "count:deliver " + Json.write(event));
    }

    /** Two firings of one schedule (each firing's time is its idempotency key, so they differ). */
    static List<String> schedule(String templateId) {
        Instant now = Instant.now();
        return List.of("first " + firing(templateId, now), "count:fire " + firing(templateId, now.plusSeconds(60)));
    }

    private static String firing(String templateId, Instant scheduledTime) {
        ObjectNode input = Json.object();
        input.put("tenant", "bench");
        input.put("schedule_id", "sch_bench");
        input.put("template_id", templateId);
        input.putObject("overrides");
        input.put("scheduled_time", scheduledTime.toString());
        return Json.write(input);
    }

    /** For the adapter with an empty function: any JSON object. */
    static List<String> echo() {
        return List.of("first {\"ping\":1}");
    }

    static List<String> reaper() {
        ObjectNode event = Json.object();
        event.put("version", "0");
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.putObject("detail");
        return List.of("first " + Json.write(event), "count:sweep " + Json.write(event));
    }

    /** A ping on a connection the table does not hold: each WebSocket message reads its connection first. */
    static List<String> websocket() {
        ObjectNode event = Json.object();
        event.putObject("requestContext").put("routeKey", "$default").put("connectionId", "c-bench");
        event.put("body", "{\"type\":\"ping\"}");
        return List.of("first " + Json.write(event));
    }

    /** An empty batch from the live-events queue. */
    static List<String> fanout() {
        return List.of("first {\"Records\":[]}");
    }

    private static String http(String method, String path, String body) {
        return ApiGatewayEvents.request(method, path, body, Map.of("host", "bench.local"));
    }
}
