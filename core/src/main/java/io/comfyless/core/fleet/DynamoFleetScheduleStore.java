package io.comfyless.core.fleet;

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

/**
 * Fleet schedules in the catalog table ({@code pk = fleet, sk = schedule#<id>}): the fleet is one
 * for the whole stack, so its schedules belong to no tenant.
 */
public final class DynamoFleetScheduleStore {

    private static final String PK = "fleet";
    private static final String PREFIX = "schedule#";

    private final DynamoTable table;

    public DynamoFleetScheduleStore(DynamoDbClient dynamo, String table) {
        this.table = new DynamoTable(dynamo, table);
    }

    public void create(FleetSchedule schedule) {
        Map<String, AttributeValue> item = key(schedule.id());
        item.put("fleet_schedule", s(Json.write(schedule)));
        table.insert(item);
    }

    public Optional<FleetSchedule> find(String id) {
        return table.get(key(id), Read.EVENTUAL).map(DynamoFleetScheduleStore::schedule);
    }

    public List<FleetSchedule> list() {
        return table.query(PK, PREFIX, Read.EVENTUAL).stream()
                .map(DynamoFleetScheduleStore::schedule)
                .sorted(Comparator.comparing(FleetSchedule::createdAt))
                .toList();
    }

    public boolean delete(String id) {
        return table.delete(key(id));
    }

    private static FleetSchedule schedule(Map<String, AttributeValue> item) {
        return Json.read(item.get("fleet_schedule").s(), FleetSchedule.class);
    }

    private static Map<String, AttributeValue> key(String id) {
        return DynamoTable.key(PK, PREFIX + id);
    }
}
