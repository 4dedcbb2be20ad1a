package io.comfyless.core.fleet;

import static io.comfyless.core.dynamo.Items.n;
import static io.comfyless.core.dynamo.Items.s;

import io.comfyless.contract.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link WakeMark} as one item of the catalog table ({@code pk = fleet, sk = wake}): a conditional
 * update that succeeds only when the mark is absent or has lapsed. The item expires by TTL.
 */
public final class DynamoWakeMark implements WakeMark {

    private static final Map<String, AttributeValue> KEY =
            Map.of(Table.Attributes.PK, s("fleet"), Table.Attributes.SK, s("wake"));

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoWakeMark(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean claim(Instant now, Duration hold) {
        Instant until = now.plus(hold);
        try {
            dynamo.updateItem(request -> request.tableName(table)
                    .key(KEY)
                    .updateExpression("SET waking_until = :until, #ttl = :ttl")
                    .conditionExpression("attribute_not_exists(waking_until) OR waking_until <= :now")
                    .expressionAttributeNames(Map.of("#ttl", Table.Attributes.EXPIRES_AT))
                    .expressionAttributeValues(Map.of(
                            ":until", n(until.toEpochMilli()),
                            ":now", n(now.toEpochMilli()),
                            ":ttl", n(until.plus(Duration.ofDays(1)).getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException held) {
            return false;
        }
    }

    @Override
    public void release() {
        dynamo.updateItem(request -> request.tableName(table)
                .key(KEY)
                .updateExpression("SET waking_until = :zero")
                .expressionAttributeValues(Map.of(":zero", n(0))));
    }
}
