package io.comfyless.core.live;

import static io.comfyless.core.dynamo.Items.instant;
import static io.comfyless.core.dynamo.Items.n;
import static io.comfyless.core.dynamo.Items.s;
import static io.comfyless.core.dynamo.Items.str;

import io.comfyless.contract.Live;
import io.comfyless.contract.Table;
import io.comfyless.core.dynamo.DynamoTable;
import io.comfyless.core.dynamo.Items;
import io.comfyless.core.tenant.Scope;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Connections and subscriptions in the connections table. A connection is one item
 * ({@code conn#<id>}) holding its tenant, scopes and topic keys. All of a tenant's subscriptions share
 * one partition ({@code sub#<tenant>}, sort key {@code <topic>#<connection>}), so the fan-out reads a
 * tenant's subscribers with one query, and only again after the tenant's version item
 * ({@code ver#<tenant>}, bumped after each change and expiring with the subscriptions) has moved.
 */
public final class DynamoConnectionStore implements ConnectionStore {

    private static final String PK = Table.Attributes.PK;
    private static final String SK = Table.Attributes.SK;
    private static final String EXPIRES_AT = Table.CONNECTIONS.ttlAttribute();
    private static final String CONNECTION_PREFIX = "conn#";
    private static final String CONNECTION_SK = "connection";
    private static final String SUBSCRIPTION_PREFIX = "sub#";
    private static final String TENANT = "tenant";
    private static final String SCOPES = "scopes";
    private static final String CONNECTED_AT = "connected_at";
    private static final String TOPICS = "topics";
    private static final String VERSION_PREFIX = "ver#";
    private static final String VERSION = "version";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** BatchWriteItem takes at most 25 requests. */
    private static final int BATCH_WRITE_MAX = 25;

    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoTable items;
    private final Clock clock;

    public DynamoConnectionStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.items = new DynamoTable(dynamo, table);
        this.clock = clock;
    }

    @Override
    public void open(Connection connection, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(connectionKey(connection.id()));
        item.put(TENANT, s(connection.tenant()));
        if (!connection.scopes().isEmpty()) {
            // DynamoDB refuses an empty set: a connection without scopes simply has no attribute.
            item.put(
                    SCOPES,
                    AttributeValue.fromSs(
                            connection.scopes().stream().map(Scope::wire).toList()));
        }
        item.put(CONNECTED_AT, n(connection.connectedAt().toEpochMilli()));
        item.put(EXPIRES_AT, n(expiresAt.getEpochSecond()));
        dynamo.putItem(request -> request.tableName(table).item(item));
    }

    @Override
    public Optional<Connection> find(String connectionId) {
        Map<String, AttributeValue> item = dynamo.getItem(request -> request.tableName(table)
                        .key(connectionKey(connectionId))
                        .consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        strings(item, SCOPES).forEach(wire -> Scope.fromWire(wire).ifPresent(scopes::add));
        return Optional.of(new Connection(
                connectionId,
                str(item, TENANT),
                scopes,
                instant(item, CONNECTED_AT),
                new HashSet<>(strings(item, TOPICS))));
    }

    @Override
    public boolean subscribe(String connectionId, Topic topic, Instant expiresAt) {
        if (!changeTopics(connectionId, "ADD", topic)) {
            return false;
        }
        Map<String, AttributeValue> item = new HashMap<>(subscriptionKey(topic, connectionId));
        item.put(EXPIRES_AT, n(expiresAt.getEpochSecond()));
        dynamo.putItem(request -> request.tableName(table).item(item));
        bump(topic.tenant(), expiresAt);
        return true;
    }

    @Override
    public void unsubscribe(String connectionId, Topic topic) {
        dynamo.deleteItem(request -> request.tableName(table).key(subscriptionKey(topic, connectionId)));
        bump(topic.tenant(), clock.instant().plus(Live.CONNECTION_TTL));
        // False when already closed: nothing left to tidy.
        changeTopics(connectionId, "DELETE", topic);
    }

    /** Adds a topic to or deletes one from an open connection's set ({@code ADD}, {@code DELETE}); false if it closed. */
    private boolean changeTopics(String connectionId, String action, Topic topic) {
        return items.updateIf(request -> request.key(connectionKey(connectionId))
                .updateExpression(action + " #topics :topic")
                .conditionExpression("attribute_exists(#pk)")
                .expressionAttributeNames(Map.of("#topics", TOPICS, "#pk", PK))
                .expressionAttributeValues(Map.of(":topic", AttributeValue.fromSs(List.of(topic.key())))));
    }

    @Override
    public void close(String connectionId) {
        Optional<Connection> connection = find(connectionId);
        List<WriteRequest> deletes = new ArrayList<>();
        connection.ifPresent(open ->
                open.topics().forEach(key -> deletes.add(delete(subscriptionKey(Topic.fromKey(key), connectionId)))));
        deletes.add(delete(connectionKey(connectionId)));
        for (int from = 0; from < deletes.size(); from += BATCH_WRITE_MAX) {
            List<WriteRequest> batch = deletes.subList(from, Math.min(from + BATCH_WRITE_MAX, deletes.size()));
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            // BatchWriteItem may hand back items it did not get to; they are written again until none is left.
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                pending = dynamo.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
            }
        }
        connection.ifPresent(closed -> closed.topics().stream()
                .map(key -> Topic.fromKey(key).tenant())
                .distinct()
                .forEach(tenant -> bump(tenant, clock.instant().plus(Live.CONNECTION_TTL))));
    }

    @Override
    public long version(String tenant) {
        Map<String, AttributeValue> item = dynamo.getItem(request ->
                        request.tableName(table).key(versionKey(tenant)).consistentRead(true))
                .item();
        return item == null ? 0 : Items.num(item, VERSION);
    }

    /**
     * After a change: readers that saw the old version read the subscriptions again. The new version is
     * random rather than a count, because the item expires: a count would start again at 1 and could
     * match a version a long-lived reader kept from before.
     */
    private void bump(String tenant, Instant expiresAt) {
        long version = RANDOM.nextLong();
        dynamo.updateItem(request -> request.tableName(table)
                .key(versionKey(tenant))
                .updateExpression("SET #version = :version, #expires = :expires")
                .expressionAttributeNames(Map.of("#version", VERSION, "#expires", EXPIRES_AT))
                .expressionAttributeValues(Map.of(":version", n(version), ":expires", n(expiresAt.getEpochSecond()))));
    }

    @Override
    public List<String> subscribers(Topic topic) {
        return subscriptions(topic.tenant()).getOrDefault(topic.name(), List.of());
    }

    @Override
    public Map<String, List<String>> subscriptions(String tenant) {
        Map<String, List<String>> byTopic = new HashMap<>();
        dynamo.queryPaginator(request -> request.tableName(table)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", PK))
                        .expressionAttributeValues(Map.of(":pk", s(SUBSCRIPTION_PREFIX + tenant)))
                        .projectionExpression(SK)
                        // Kept under the version read before: it must hold every change that version counts.
                        .consistentRead(true))
                .items()
                .forEach(item -> {
                    String key = str(item, SK);
                    int split = key.lastIndexOf('#');
                    byTopic.computeIfAbsent(key.substring(0, split), topic -> new ArrayList<>())
                            .add(key.substring(split + 1));
                });
        return byTopic;
    }

    private static Map<String, AttributeValue> connectionKey(String connectionId) {
        return Map.of(PK, s(CONNECTION_PREFIX + connectionId), SK, s(CONNECTION_SK));
    }

    private static Map<String, AttributeValue> versionKey(String tenant) {
        return Map.of(PK, s(VERSION_PREFIX + tenant), SK, s(VERSION));
    }

    /** Topic names and connection ids hold no {@code #}, so the sort key splits back at its last one. */
    private static Map<String, AttributeValue> subscriptionKey(Topic topic, String connectionId) {
        return Map.of(PK, s(SUBSCRIPTION_PREFIX + topic.tenant()), SK, s(topic.name() + "#" + connectionId));
    }

    private static WriteRequest delete(Map<String, AttributeValue> key) {
        return WriteRequest.builder()
                .deleteRequest(DeleteRequest.builder().key(key).build())
                .build();
    }

    private static List<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasSs() ? List.of() : value.ss();
    }
}
