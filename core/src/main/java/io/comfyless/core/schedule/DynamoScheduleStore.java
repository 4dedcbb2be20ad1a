package io.comfyless.core.schedule;

import static io.comfyless.core.dynamo.Items.s;

import io.comfyless.core.dynamo.DynamoTable;
import io.comfyless.core.dynamo.DynamoTable.Read;
import io.comfyless.core.json.Json;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link ScheduleStore} in the catalog table: {@code pk = tenant#<id>, sk = schedule#<schedule id>}. */
public final class DynamoScheduleStore implements ScheduleStore {

    static final String PREFIX = "schedule#";

    private final DynamoTable table;

    public DynamoScheduleStore(DynamoDbClient dynamo, String table) {
        this.table = new DynamoTable(dynamo, table);
    }

    @Override
    public void create(Schedule schedule) {
        Map<String, AttributeValue> item = key(schedule.tenant(), schedule.id());
        item.put("schedule", s(Json.write(schedule)));
        table.insert(item);
    }

    @Override
    public Optional<Schedule> find(String tenant, String id) {
        return table.get(key(tenant, id), Read.EVENTUAL).map(DynamoScheduleStore::schedule);
    }

    @Override
    public List<Schedule> list(String tenant) {
        return table.query(DynamoTable.tenantPartition(tenant), PREFIX, Read.EVENTUAL).stream()
                .map(DynamoScheduleStore::schedule)
                .sorted(Comparator.comparing(Schedule::createdAt))
                .toList();
    }

    @Override
    public boolean delete(String tenant, String id) {
        return table.delete(key(tenant, id));
    }

    private static Schedule schedule(Map<String, AttributeValue> item) {
        return Json.read(item.get("schedule").s(), Schedule.class);
    }

    private static Map<String, AttributeValue> key(String tenant, String id) {
        return DynamoTable.key(DynamoTable.tenantPartition(tenant), PREFIX + id);
    }
}
