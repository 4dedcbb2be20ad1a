package io.comfyless.core.tenant;

import static io.comfyless.core.dynamo.Items.n;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Counters in the tenants table, each one attribute of one item, changed by single atomic writes:
 * a guarded increment ({@code count < limit}) that concurrent writers cannot push past the limit,
 * a decrement that never goes below zero, and a plain increment that says where the count stands.
 */
final class DynamoCounters {

    private final DynamoDbClient dynamo;
    private final String table;

    DynamoCounters(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** One more if below {@code limit}; {@code false} when full. {@code expiresAt} (epoch seconds) sets the item's TTL. */
    boolean tryAdd(Map<String, AttributeValue> key, String counter, long limit, Optional<Long> expiresAt) {
        Map<String, String> names = new HashMap<>(Map.of("#c", counter));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":one", n(1), ":limit", n(limit)));
        String update = "ADD #c :one";
        if (expiresAt.isPresent()) {
            names.put("#e", TenantItems.EXPIRES_AT);
            values.put(":expires", n(expiresAt.get()));
            update += " SET #e = :expires";
        }
        String expression = update;
        try {
            dynamo.updateItem(request -> request.tableName(table)
                    .key(key)
                    .updateExpression(expression)
                    .conditionExpression("attribute_not_exists(#c) OR #c < :limit")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException full) {
            return false;
        }
    }

    /** One fewer; never below zero. */
    void remove(Map<String, AttributeValue> key, String counter) {
        try {
            dynamo.updateItem(request -> request.tableName(table)
                    .key(key)
                    .updateExpression("ADD #c :minus")
                    .conditionExpression("#c > :zero")
                    .expressionAttributeNames(Map.of("#c", counter))
                    .expressionAttributeValues(Map.of(":minus", n(-1), ":zero", n(0))));
        } catch (ConditionalCheckFailedException alreadyZero) {
            // Counted before counting began, or taken back already: nothing to undo.
        }
    }

    /** One more, whatever the count; returns the count after it. */
    long add(Map<String, AttributeValue> key, String counter, long expiresAt) {
        Map<String, AttributeValue> after = dynamo.updateItem(request -> request.tableName(table)
                        .key(key)
                        .updateExpression("ADD #c :one SET #e = :expires")
                        .expressionAttributeNames(Map.of("#c", counter, "#e", TenantItems.EXPIRES_AT))
                        .expressionAttributeValues(Map.of(":one", n(1), ":expires", n(expiresAt)))
                        .returnValues(ReturnValue.UPDATED_NEW))
                .attributes();
        return Long.parseLong(after.get(counter).n());
    }
}
