package io.comfyless.core.fleet;

import static io.comfyless.core.dynamo.Items.s;

import io.comfyless.contract.Table;
import io.comfyless.core.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Fleet schedules in the catalog table ({@code pk = fleet, sk = schedule#<id>}): the fleet is one
 * for the whole stack, so its schedules belong to no tenant.
 */
public final class DynamoFleetScheduleStore {

    private static final String PK = "fleet";
    private static final String PREFIX = "schedule#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoFleetScheduleStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public void create(FleetSchedule schedule) {
        Map<String, AttributeValue> item = new HashMap<>(key(schedule.id()));
        item.put("fleet_schedule", s(Json.write(schedule)));
        dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
    }

    public Optional<FleetSchedule> find(String id) {
        Map<String, AttributeValue> item =
                dynamo.getItem(r -> r.tableName(table).key(key(id))).item();
        return item == null || item.isEmpty()
                ? Optional.empty()
                : Optional.of(Json.read(item.get("fleet_schedule").s(), FleetSchedule.class));
    }

    public List<FleetSchedule> list() {
        List<FleetSchedule> schedules = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(r -> r.tableName(table)
                    .exclusiveStartKey(from)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                    .expressionAttributeValues(Map.of(":pk", s(PK), ":prefix", s(PREFIX))));
            page.items()
                    .forEach(item ->
                            schedules.add(Json.read(item.get("fleet_schedule").s(), FleetSchedule.class)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        schedules.sort(Comparator.comparing(FleetSchedule::createdAt));
        return schedules;
    }

    public boolean delete(String id) {
        Map<String, AttributeValue> old = dynamo.deleteItem(
                        r -> r.tableName(table).key(key(id)).returnValues(ReturnValue.ALL_OLD))
                .attributes();
        return old != null && !old.isEmpty();
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(Table.Attributes.PK, s(PK), Table.Attributes.SK, s(PREFIX + id));
    }
}
