package io.comfyless.core.tenant;

import static io.comfyless.core.dynamo.Items.n;

import io.comfyless.core.dynamo.Items;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** {@link UnfinishedJobs} as one counter item per tenant ({@code usage#jobs}) in the tenants table. */
public final class DynamoUnfinishedJobs implements UnfinishedJobs {

    private static final Map<String, String> NAMES = Map.of("#u", TenantItems.UNFINISHED);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoUnfinishedJobs(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean tryAdd(String tenantId, int limit) {
        try {
            dynamo.updateItem(request -> request.tableName(table)
                    .key(key(tenantId))
                    .updateExpression("ADD #u :one")
                    .conditionExpression("attribute_not_exists(#u) OR #u < :limit")
                    .expressionAttributeNames(NAMES)
                    .expressionAttributeValues(Map.of(":one", n(1), ":limit", n(limit))));
            return true;
        } catch (ConditionalCheckFailedException full) {
            return false;
        }
    }

    @Override
    public void add(String tenantId) {
        dynamo.updateItem(request -> request.tableName(table)
                .key(key(tenantId))
                .updateExpression("ADD #u :one")
                .expressionAttributeNames(NAMES)
                .expressionAttributeValues(Map.of(":one", n(1))));
    }

    @Override
    public void remove(String tenantId) {
        try {
            dynamo.updateItem(request -> request.tableName(table)
                    .key(key(tenantId))
                    .updateExpression("ADD #u :minus")
                    .conditionExpression("#u > :zero")
                    .expressionAttributeNames(NAMES)
                    .expressionAttributeValues(Map.of(":minus", n(-1), ":zero", n(0))));
        } catch (ConditionalCheckFailedException alreadyZero) {
            // A job that ended was created before counting began: nothing to take back.
        }
    }

    @Override
    public long count(String tenantId) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        request -> request.tableName(table).key(key(tenantId)).consistentRead(true))
                .item();
        return item == null ? 0 : Items.num(item, TenantItems.UNFINISHED);
    }

    @Override
    public boolean correct(String tenantId, long expected, long actual) {
        try {
            dynamo.updateItem(request -> request.tableName(table)
                    .key(key(tenantId))
                    .updateExpression("SET #u = :actual")
                    .conditionExpression(
                            expected == 0 ? "attribute_not_exists(#u) OR #u = :expected" : "#u = :expected")
                    .expressionAttributeNames(NAMES)
                    .expressionAttributeValues(Map.of(":actual", n(actual), ":expected", n(expected))));
            return true;
        } catch (ConditionalCheckFailedException moved) {
            return false;
        }
    }

    private static Map<String, AttributeValue> key(String tenantId) {
        return TenantItems.key(tenantId, TenantItems.JOBS_SK);
    }
}
