package io.comfyless.core.webhook;

import static io.comfyless.core.dynamo.Items.n;
import static io.comfyless.core.dynamo.Items.s;
import static io.comfyless.core.dynamo.Items.str;

import io.comfyless.core.config.Entropy;
import io.comfyless.core.dynamo.DynamoTable;
import io.comfyless.core.dynamo.DynamoTable.Read;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link WebhookSecrets} in the tenants table, one item per tenant beside the tenant's other items:
 * {@code pk = tenant#<id>, sk = webhook-secret}. Creation is a conditional put, so two first uses
 * at once agree on one secret.
 */
public final class DynamoWebhookSecrets implements WebhookSecrets {

    static final String SORT_KEY = "webhook-secret";
    private static final String SECRET = "secret";

    private final DynamoTable table;
    private final Clock clock;
    private final SecureRandom random = Entropy.secureRandom();

    public DynamoWebhookSecrets(DynamoDbClient dynamo, String table, Clock clock) {
        this.table = new DynamoTable(dynamo, table);
        this.clock = clock;
    }

    @Override
    public String getOrCreate(String tenant) {
        Map<String, AttributeValue> key = DynamoTable.key(DynamoTable.tenantPartition(tenant), SORT_KEY);
        Optional<String> existing = stored(key);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = "whsec_" + HexFormat.of().formatHex(bytes);
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put(SECRET, s(secret));
        item.put("created_at", n(clock.millis()));
        return table.putIf(item, DynamoTable.ABSENT) ? secret : stored(key).orElseThrow();
    }

    private Optional<String> stored(Map<String, AttributeValue> key) {
        return table.get(key, Read.CONSISTENT).map(item -> str(item, SECRET));
    }
}
