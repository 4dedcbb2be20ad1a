package io.comfyless.core.webhook;

import io.comfyless.contract.Table;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link WebhookSubscriptions} in the catalog table (beside templates and schedules), all under one partition
 * ({@code pk = webhook-subscriptions, sk = <tenant>}), so that an event finds its subscribers with one
 * query. Events about the stack are rare (a model stored, a runner started), and so is the query.
 */
public final class DynamoWebhookSubscriptions implements WebhookSubscriptions {

    static final String PARTITION = "webhook-subscriptions";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoWebhookSubscriptions(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void put(WebhookSubscription subscription) {
        Map<String, AttributeValue> item = new HashMap<>(key(subscription.tenant()));
        item.put("url", AttributeValue.fromS(subscription.url()));
        item.put(
                "events",
                AttributeValue.fromSs(subscription.events().stream()
                        .map(SystemEventType::wire)
                        .sorted()
                        .toList()));
        item.put(
                "updated_at",
                AttributeValue.fromN(Long.toString(subscription.updatedAt().toEpochMilli())));
        dynamo.putItem(request -> request.tableName(table).item(item));
    }

    @Override
    public Optional<WebhookSubscription> find(String tenant) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        request -> request.tableName(table).key(key(tenant)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public boolean delete(String tenant) {
        Map<String, AttributeValue> old = dynamo.deleteItem(
                        request -> request.tableName(table).key(key(tenant)).returnValues(ReturnValue.ALL_OLD))
                .attributes();
        return old != null && !old.isEmpty();
    }

    @Override
    public List<WebhookSubscription> subscribedTo(SystemEventType type) {
        return dynamo
                .queryPaginator(request -> request.tableName(table)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", Table.Attributes.PK))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(PARTITION))))
                .items()
                .stream()
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
        return Map.of(
                Table.Attributes.PK,
                AttributeValue.fromS(PARTITION),
                Table.Attributes.SK,
                AttributeValue.fromS(tenant));
    }
}
