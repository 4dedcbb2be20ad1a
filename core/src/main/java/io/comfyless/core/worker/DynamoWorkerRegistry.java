package io.comfyless.core.worker;

import static io.comfyless.core.dynamo.Items.n;
import static io.comfyless.core.dynamo.Items.num;
import static io.comfyless.core.dynamo.Items.s;
import static io.comfyless.core.dynamo.Items.str;

import io.comfyless.contract.Table;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link WorkerRegistry} on the workers table. A record lives {@link #TTL} past its last heartbeat;
 * readers also skip records DynamoDB has not yet expired, since TTL deletion can lag by hours.
 * Records are read as {@link WorkerLiveness} says they should be seen: a silent runner is gone.
 */
public final class DynamoWorkerRegistry implements WorkerRegistry {

    static final Duration TTL = Duration.ofMinutes(3);

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
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Table.Attributes.PK, s(worker.id()));
        item.put("state", s(worker.state().wire()));
        put(item, "instance_type", worker.instanceType());
        put(item, "capacity", worker.capacity());
        put(item, "current_job", worker.currentJob());
        item.put("jobs_completed", n(worker.jobsCompleted()));
        item.put("jobs_failed", n(worker.jobsFailed()));
        item.put("started_at", n(worker.startedAt().toEpochMilli()));
        item.put("heartbeat_at", n(worker.heartbeatAt().toEpochMilli()));
        put(item, "gpu_name", worker.gpuName());
        if (worker.gpuMemoryTotal() != null) {
            item.put("gpu_memory_total", n(worker.gpuMemoryTotal()));
        }
        if (worker.gpuMemoryFree() != null) {
            item.put("gpu_memory_free", n(worker.gpuMemoryFree()));
        }
        put(item, "comfyui_version", worker.comfyuiVersion());
        item.put(Table.Attributes.EXPIRES_AT, n(worker.heartbeatAt().plus(TTL).getEpochSecond()));
        dynamo.putItem(request -> request.tableName(table).item(item));
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
                str(item, "comfyui_version"));
    }

    private static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }
}
