package io.comfyless.core.preset;

import static io.comfyless.core.dynamo.Items.s;

import io.comfyless.core.dynamo.DynamoTable;
import io.comfyless.core.dynamo.DynamoTable.Read;
import io.comfyless.core.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link PresetStore} in the catalog table, one partition for the stack: {@code pk = presets, sk = <id>}. */
public final class DynamoPresetStore implements PresetStore {

    static final String PK = "presets";

    private final DynamoTable table;

    public DynamoPresetStore(DynamoDbClient dynamo, String table) {
        this.table = new DynamoTable(dynamo, table);
    }

    @Override
    public boolean create(Preset preset) {
        return put(preset, DynamoTable.ABSENT);
    }

    @Override
    public boolean replace(Preset preset) {
        return put(preset, DynamoTable.PRESENT);
    }

    @Override
    public Optional<Preset> find(String id) {
        return table.get(DynamoTable.key(PK, id), Read.CONSISTENT).map(DynamoPresetStore::preset);
    }

    @Override
    public List<Preset> list() {
        return table.query(PK, Read.EVENTUAL).stream()
                .map(DynamoPresetStore::preset)
                .toList();
    }

    @Override
    public boolean delete(String id) {
        return table.delete(DynamoTable.key(PK, id));
    }

    private boolean put(Preset preset, String condition) {
        Map<String, AttributeValue> item = DynamoTable.key(PK, preset.id());
        item.put("preset", s(Json.write(preset)));
        return table.putIf(item, condition);
    }

    private static Preset preset(Map<String, AttributeValue> item) {
        return Json.read(item.get("preset").s(), Preset.class);
    }
}
