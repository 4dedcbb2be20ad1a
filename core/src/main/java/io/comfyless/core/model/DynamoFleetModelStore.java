package io.comfyless.core.model;

import static io.comfyless.core.dynamo.Items.n;
import static io.comfyless.core.dynamo.Items.s;

import io.comfyless.contract.Table;
import io.comfyless.core.error.ConflictException;
import io.comfyless.core.json.Json;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link FleetModelStore} as one item of the catalog table ({@code pk = models#fleet, sk = state}),
 * the state as JSON, changed by a put conditional on the generation it read: commands are rare
 * (an operator loading or unloading a model), so optimistic writes never contend for long.
 */
public final class DynamoFleetModelStore implements FleetModelStore {

    static final String PK = "models#fleet";
    static final String SK = "state";
    private static final int ATTEMPTS = 5;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoFleetModelStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public FleetModels read() {
        Map<String, AttributeValue> item = dynamo.getItem(
                        request -> request.tableName(table).key(key()).consistentRead(true))
                .item();
        return item == null || !item.containsKey("state")
                ? FleetModels.EMPTY
                : Json.read(item.get("state").s(), FleetModels.class);
    }

    @Override
    public FleetModels update(UnaryOperator<FleetModels> change) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            FleetModels current = read();
            FleetModels next = change.apply(current);
            Map<String, AttributeValue> item = new HashMap<>(key());
            item.put("state", s(Json.write(next)));
            item.put("generation", n(next.generation()));
            try {
                dynamo.putItem(request -> request.tableName(table)
                        .item(item)
                        .conditionExpression("attribute_not_exists(pk) OR generation = :seen")
                        .expressionAttributeValues(Map.of(":seen", n(current.generation()))));
                return next;
            } catch (ConditionalCheckFailedException changedMeanwhile) {
                // Another command landed between our read and our write: apply ours to its result.
            }
        }
        throw new ConflictException("The fleet's model commands changed too often to apply this one; retry");
    }

    private static Map<String, AttributeValue> key() {
        return Map.of(Table.Attributes.PK, s(PK), Table.Attributes.SK, s(SK));
    }
}
