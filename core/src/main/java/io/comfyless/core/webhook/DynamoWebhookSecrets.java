package io.comfyless.core.webhook;

import io.comfyless.contract.Table;
import io.comfyless.core.config.Entropy;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link WebhookSecrets} in the tenants table, one item per tenant beside the tenant's other items:
 * {@code pk = tenant#<id>, sk = webhook-secret}. Creation is a conditional put, so two first uses
 * at once agree on one secret.
 */
public final class DynamoWebhookSecrets implements WebhookSecrets {

    static final String SORT_KEY = "webhook-secret";
    private static final String SECRET = "secret";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final SecureRandom random = Entropy.secureRandom();

    public DynamoWebhookSecrets(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public String getOrCreate(String tenant) {
        Map<String, AttributeValue> key = Map.of(
                Table.Attributes.PK, AttributeValue.fromS("tenant#" + tenant),
                Table.Attributes.SK, AttributeValue.fromS(SORT_KEY));
        Map<String, AttributeValue> existing = dynamo.getItem(
                        r -> r.tableName(table).key(key).consistentRead(true))
                .item();
        if (existing != null && existing.containsKey(SECRET)) {
            return existing.get(SECRET).s();
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = "whsec_" + HexFormat.of().formatHex(bytes);
        Map<String, AttributeValue> item = new java.util.HashMap<>(key);
        item.put(SECRET, AttributeValue.fromS(secret));
        item.put("created_at", AttributeValue.fromN(Long.toString(clock.millis())));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return secret;
        } catch (ConditionalCheckFailedException raced) {
            return dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true))
                    .item()
                    .get(SECRET)
                    .s();
        }
    }
}
