package io.comfyless.core.worker;

import static io.comfyless.core.dynamo.Items.n;
import static io.comfyless.core.dynamo.Items.num;
import static io.comfyless.core.dynamo.Items.s;
import static io.comfyless.core.dynamo.Items.str;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.comfyless.contract.Table;
import io.comfyless.core.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link WorkerRegistry} on the workers table. A record lives {@link #TTL} past its last heartbeat;
 * readers also skip records DynamoDB has not yet expired, since TTL deletion can lag by hours.
 * Records are read as {@link WorkerLiveness} says they should be seen: a silent runner is gone.
 */
public final class DynamoWorkerRegistry implements WorkerRegistry {

    static final Duration TTL = Duration.ofMinutes(3);
    static final String MODELS_GENERATION = "models_generation";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoWorkerRegistry(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public void report(Worker worker) {
        heartbeat(worker);
    }

    /**
     * One UpdateItem that sets every attribute the runner owns and removes those it no longer has,
     * leaving {@value #MODELS_GENERATION} (the API's) alone, and returns the record: the API's signal
     * rides on the heartbeat's own answer.
     */
    @Override
    public long heartbeat(Worker worker) {
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        values.put("state", s(worker.state().wire()));
        values.put("instance_type", worker.instanceType() == null ? null : s(worker.instanceType()));
        values.put("capacity", worker.capacity() == null ? null : s(worker.capacity()));
        values.put("current_job", worker.currentJob() == null ? null : s(worker.currentJob()));
        values.put("jobs_completed", n(worker.jobsCompleted()));
        values.put("jobs_failed", n(worker.jobsFailed()));
        values.put("started_at", n(worker.startedAt().toEpochMilli()));
        values.put("heartbeat_at", n(worker.heartbeatAt().toEpochMilli()));
        values.put("gpu_name", worker.gpuName() == null ? null : s(worker.gpuName()));
        values.put("gpu_memory_total", worker.gpuMemoryTotal() == null ? null : n(worker.gpuMemoryTotal()));
        values.put("gpu_memory_free", worker.gpuMemoryFree() == null ? null : n(worker.gpuMemoryFree()));
        values.put("comfyui_version", worker.comfyuiVersion() == null ? null : s(worker.comfyuiVersion()));
        values.put("host", s(Json.write(worker.host())));
        values.put("comfyui", s(Json.write(worker.comfyui())));
        values.put("models", s(Json.write(worker.models())));
        values.put("setup", worker.setup().isEmpty() ? null : setupMap(worker.setup()));
        values.put(Table.Attributes.EXPIRES_AT, n(worker.heartbeatAt().plus(TTL).getEpochSecond()));
        List<String> sets = new ArrayList<>();
        List<String> removes = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> bound = new HashMap<>();
        int index = 0;
        for (Map.Entry<String, AttributeValue> attribute : values.entrySet()) {
            String name = "#a" + index;
            names.put(name, attribute.getKey());
            if (attribute.getValue() == null) {
                removes.add(name);
            } else {
                sets.add(name + " = :v" + index);
                bound.put(":v" + index, attribute.getValue());
            }
            index++;
        }
        String expression =
                "SET " + String.join(", ", sets) + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
        Map<String, AttributeValue> item = dynamo.updateItem(request -> request.tableName(table)
                        .key(Map.of(Table.Attributes.PK, s(worker.id())))
                        .updateExpression(expression)
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(bound)
                        .returnValues(ReturnValue.ALL_NEW))
                .attributes();
        return item.containsKey(MODELS_GENERATION) ? num(item, MODELS_GENERATION) : 0;
    }

    /**
     * One conditional write per live runner (model commands are rare): a record that expired is not
     * brought back, and a newer signal is never replaced by an older one.
     */
    @Override
    public void signalModels(long generation) {
        for (Worker worker : list()) {
            try {
                dynamo.updateItem(request -> request.tableName(table)
                        .key(Map.of(Table.Attributes.PK, s(worker.id())))
                        .updateExpression("SET #g = :g")
                        .conditionExpression("attribute_exists(pk) AND (attribute_not_exists(#g) OR #g < :g)")
                        .expressionAttributeNames(Map.of("#g", MODELS_GENERATION))
                        .expressionAttributeValues(Map.of(":g", n(generation))));
            } catch (ConditionalCheckFailedException goneOrNewer) {
                // The runner stopped, or a later command's signal got there first: nothing to do.
            }
        }
    }

    @Override
    public Optional<Worker> find(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        request -> request.tableName(table).key(Map.of(Table.Attributes.PK, s(id))))
                .item();
        Instant now = clock.instant();
        return item == null || item.isEmpty()
                ? Optional.empty()
                : Optional.of(fromItem(item))
                        .filter(worker -> unexpired(worker, now))
                        .map(worker -> WorkerLiveness.asSeenAt(worker, now));
    }

    @Override
    public List<Worker> list() {
        List<Worker> workers = new ArrayList<>();
        dynamo.scanPaginator(request -> request.tableName(table)).items().forEach(item -> workers.add(fromItem(item)));
        Instant now = clock.instant();
        return workers.stream()
                .filter(worker -> unexpired(worker, now))
                .map(worker -> WorkerLiveness.asSeenAt(worker, now))
                .sorted(Comparator.comparing(Worker::startedAt))
                .toList();
    }

    private static boolean unexpired(Worker worker, Instant now) {
        return worker.heartbeatAt().plus(TTL).isAfter(now);
    }

    private static Worker fromItem(Map<String, AttributeValue> item) {
        return new Worker(
                item.get(Table.Attributes.PK).s(),
                WorkerState.valueOf(item.get("state").s().toUpperCase(Locale.ROOT)),
                str(item, "instance_type"),
                str(item, "capacity"),
                str(item, "current_job"),
                num(item, "jobs_completed"),
                num(item, "jobs_failed"),
                Instant.ofEpochMilli(num(item, "started_at")),
                Instant.ofEpochMilli(num(item, "heartbeat_at")),
                str(item, "gpu_name"),
                item.containsKey("gpu_memory_total") ? num(item, "gpu_memory_total") : null,
                item.containsKey("gpu_memory_free") ? num(item, "gpu_memory_free") : null,
                str(item, "comfyui_version"),
                setup(item),
                item.containsKey("host") ? Json.read(str(item, "host"), HostStats.class) : null,
                item.containsKey("comfyui") ? Json.read(str(item, "comfyui"), ComfyUiHealth.class) : null,
                item.containsKey("models") ? models(str(item, "models")) : List.of());
    }

    private static AttributeValue setupMap(List<SetupStep> steps) {
        Map<String, AttributeValue> setup = new HashMap<>();
        steps.forEach(step -> setup.put(step.stage().wire(), n(step.at().toEpochMilli())));
        return AttributeValue.fromM(setup);
    }

    private static List<SetupStep> setup(Map<String, AttributeValue> item) {
        AttributeValue setup = item.get("setup");
        if (setup == null || !setup.hasM()) {
            return List.of();
        }
        List<SetupStep> steps = new ArrayList<>();
        setup.m()
                .forEach((stage, at) -> SetupStage.fromWire(stage)
                        .ifPresent(known ->
                                steps.add(new SetupStep(known, Instant.ofEpochMilli(Long.parseLong(at.n()))))));
        return steps;
    }

    private static List<CachedModel> models(String json) {
        try {
            return Json.mapper().readValue(json, new TypeReference<List<CachedModel>>() {});
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }
}
