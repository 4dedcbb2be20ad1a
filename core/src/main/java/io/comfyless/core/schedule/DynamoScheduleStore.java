package io.comfyless.core.schedule;

import io.comfyless.contract.Table;
import io.comfyless.core.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** {@link ScheduleStore} in the catalog table: {@code pk = tenant#<id>, sk = schedule#<schedule id>}. */
public final class DynamoScheduleStore implements ScheduleStore {

    static final String PREFIX = "schedule#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoScheduleStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void create(Schedule schedule) {
        Map<String, AttributeValue> item = key(schedule.tenant(), schedule.id());
        item.put("schedule", AttributeValue.fromS(Json.write(schedule)));
        dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
    }

    @Override
    public Optional<Schedule> find(String tenant, String id) {
        Map<String, AttributeValue> item =
                dynamo.getItem(r -> r.tableName(table).key(key(tenant, id))).item();
        return item == null || item.isEmpty()
                ? Optional.empty()
                : Optional.of(Json.read(item.get("schedule").s(), Schedule.class));
    }

    @Override
    public List<Schedule> list(String tenant) {
        List<Schedule> schedules = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(r -> r.tableName(table)
                    .exclusiveStartKey(from)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                    .expressionAttributeValues(Map.of(
                            ":pk", AttributeValue.fromS("tenant#" + tenant), ":prefix", AttributeValue.fromS(PREFIX))));
            page.items()
                    .forEach(
                            item -> schedules.add(Json.read(item.get("schedule").s(), Schedule.class)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        schedules.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
        return schedules;
    }

    @Override
    public boolean delete(String tenant, String id) {
        Map<String, AttributeValue> old = dynamo.deleteItem(
                        r -> r.tableName(table).key(key(tenant, id)).returnValues(ReturnValue.ALL_OLD))
                .attributes();
        return old != null && !old.isEmpty();
    }

    private static Map<String, AttributeValue> key(String tenant, String id) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(Table.Attributes.PK, AttributeValue.fromS("tenant#" + tenant));
        key.put(Table.Attributes.SK, AttributeValue.fromS(PREFIX + id));
        return key;
    }
}
