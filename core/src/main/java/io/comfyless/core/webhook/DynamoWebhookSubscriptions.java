package io.comfyless.core.webhook;

import static io.comfyless.core.dynamo.Items.n;
import static io.comfyless.core.dynamo.Items.s;

import io.comfyless.contract.Table;
import io.comfyless.core.dynamo.DynamoTable;
import io.comfyless.core.dynamo.DynamoTable.Read;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link WebhookSubscriptions} in the catalog table (beside templates and schedules), all under one partition
 * ({@code pk = webhook-subscriptions, sk = <tenant>}), so that an event finds its subscribers with one
 * query. Events about the stack are rare (a model stored, a runner started), and so is the query.
 */
public final class DynamoWebhookSubscriptions implements WebhookSubscriptions {

    static final String PARTITION = "webhook-subscriptions";

    private final DynamoTable table;

    public DynamoWebhookSubscriptions(DynamoDbClient dynamo, String table) {
        this.table = new DynamoTable(dynamo, table);
    }

    @Override
    public void put(WebhookSubscription subscription) {
        Map<String, AttributeValue> item = key(subscription.tenant());
        item.put("url", s(subscription.url()));
        item.put(
                "events",
                AttributeValue.fromSs(subscription.events().stream()
                        .map(SystemEventType::wire)
                        .sorted()
                        .toList()));
        item.put("updated_at", n(subscription.updatedAt().toEpochMilli()));
        table.put(item);
    }

    @Override
    public Optional<WebhookSubscription> find(String tenant) {
        return table.get(key(tenant), Read.CONSISTENT).map(DynamoWebhookSubscriptions::fromItem);
    }

    @Override
    public boolean delete(String tenant) {
        return table.delete(key(tenant));
    }

    @Override
    public List<WebhookSubscription> subscribedTo(SystemEventType type) {
        return table.query(PARTITION, Read.EVENTUAL).stream()
                .map(DynamoWebhookSubscriptions::fromItem)
                .filter(subscription -> subscription.events().contains(type))
                .toList();
    }

    private static WebhookSubscription fromItem(Map<String, AttributeValue> item) {
        Set<SystemEventType> events = item.get("events").ss().stream()
                .map(SystemEventType::fromWire)
                .flatMap(Optional::stream)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(SystemEventType.class)));
        return new WebhookSubscription(
                item.get(Table.Attributes.SK).s(),
                item.get("url").s(),
                events,
                Instant.ofEpochMilli(Long.parseLong(item.get("updated_at").n())));
    }

    private static Map<String, AttributeValue> key(String tenant) {
        return DynamoTable.key(PARTITION, tenant);
    }
}
