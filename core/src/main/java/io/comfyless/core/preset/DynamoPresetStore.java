package io.comfyless.core.preset;

import io.comfyless.contract.Table;
import io.comfyless.core.json.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** {@link PresetStore} in the catalog table, one partition for the stack: {@code pk = presets, sk = <id>}. */
public final class DynamoPresetStore implements PresetStore {

    static final String PK = "presets";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoPresetStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean create(Preset preset) {
        return put(preset, "attribute_not_exists(pk)");
    }

    @Override
    public boolean replace(Preset preset) {
        return put(preset, "attribute_exists(pk)");
    }

    @Override
    public Optional<Preset> find(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        request -> request.tableName(table).key(key(id)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(preset(item));
    }

    @Override
    public List<Preset> list() {
        return dynamo
                .queryPaginator(request -> request.tableName(table)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(PK))))
                .items()
                .stream()
                .map(DynamoPresetStore::preset)
                .toList();
    }

    @Override
    public boolean delete(String id) {
        Map<String, AttributeValue> old = dynamo.deleteItem(
                        request -> request.tableName(table).key(key(id)).returnValues(ReturnValue.ALL_OLD))
                .attributes();
        return old != null && !old.isEmpty();
    }

    private boolean put(Preset preset, String condition) {
        Map<String, AttributeValue> item = new HashMap<>(key(preset.id()));
        item.put("preset", AttributeValue.fromS(Json.write(preset)));
        try {
            dynamo.putItem(request -> request.tableName(table).item(item).conditionExpression(condition));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Preset preset(Map<String, AttributeValue> item) {
        return Json.read(item.get("preset").s(), Preset.class);
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(Table.Attributes.PK, AttributeValue.fromS(PK), Table.Attributes.SK, AttributeValue.fromS(id));
    }
}
