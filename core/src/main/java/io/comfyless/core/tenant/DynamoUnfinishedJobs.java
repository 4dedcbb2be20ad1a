package io.comfyless.core.tenant;

import static io.comfyless.core.dynamo.Items.n;

import io.comfyless.core.dynamo.DynamoTable;
import io.comfyless.core.dynamo.DynamoTable.Read;
import io.comfyless.core.dynamo.Items;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link UnfinishedJobs} as one counter item per tenant ({@code usage#jobs}) in the tenants table. */
public final class DynamoUnfinishedJobs implements UnfinishedJobs {

    private static final Map<String, String> NAMES = Map.of("#u", TenantItems.UNFINISHED);

    private final DynamoTable table;

    public DynamoUnfinishedJobs(DynamoDbClient dynamo, String table) {
        this.table = new DynamoTable(dynamo, table);
    }

    @Override
    public boolean tryAdd(String tenantId, int limit) {
        return table.updateIf(request -> request.key(key(tenantId))
                .updateExpression("ADD #u :one")
                .conditionExpression("attribute_not_exists(#u) OR #u < :limit")
                .expressionAttributeNames(NAMES)
                .expressionAttributeValues(Map.of(":one", n(1), ":limit", n(limit))));
    }

    @Override
    public void add(String tenantId) {
        table.update(request -> request.key(key(tenantId))
                .updateExpression("ADD #u :one")
                .expressionAttributeNames(NAMES)
                .expressionAttributeValues(Map.of(":one", n(1))));
    }

    @Override
    public void remove(String tenantId) {
        // False at zero: a job that ended was created before counting began, and there is nothing to take back.
        table.updateIf(request -> request.key(key(tenantId))
                .updateExpression("ADD #u :minus")
                .conditionExpression("#u > :zero")
                .expressionAttributeNames(NAMES)
                .expressionAttributeValues(Map.of(":minus", n(-1), ":zero", n(0))));
    }

    @Override
    public long count(String tenantId) {
        return table.get(key(tenantId), Read.CONSISTENT)
                .map(item -> Items.num(item, TenantItems.UNFINISHED))
                .orElse(0L);
    }

    @Override
    public boolean correct(String tenantId, long expected, long actual) {
        return table.updateIf(request -> request.key(key(tenantId))
                .updateExpression("SET #u = :actual")
                .conditionExpression(expected == 0 ? "attribute_not_exists(#u) OR #u = :expected" : "#u = :expected")
                .expressionAttributeNames(NAMES)
                .expressionAttributeValues(Map.of(":actual", n(actual), ":expected", n(expected))));
    }

    private static Map<String, AttributeValue> key(String tenantId) {
        return TenantItems.key(tenantId, TenantItems.JOBS_SK);
    }
}
