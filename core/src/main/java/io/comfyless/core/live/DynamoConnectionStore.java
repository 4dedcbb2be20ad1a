package io.comfyless.core.live;

import static io.comfyless.core.dynamo.Items.instant;
import static io.comfyless.core.dynamo.Items.n;
import static io.comfyless.core.dynamo.Items.s;
import static io.comfyless.core.dynamo.Items.str;

import io.comfyless.contract.Table;
import io.comfyless.core.tenant.Scope;
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
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Connections and subscriptions in the connections table. A connection is one item
 * ({@code conn#<id>}) holding its tenant, scopes and topic keys; a subscription is one item in its
 * topic's partition ({@code sub#<tenant>#<topic>}, sort key the connection id), so the fan-out finds a
 * topic's subscribers with one query of one tenant's partition.
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
    /** BatchWriteItem takes at most 25 requests. */
    private static final int BATCH_WRITE_MAX = 25;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoConnectionStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
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
        try {
            dynamo.updateItem(request -> request.tableName(table)
                    .key(connectionKey(connectionId))
                    .updateExpression("ADD #topics :topic")
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#topics", TOPICS, "#pk", PK))
                    .expressionAttributeValues(Map.of(":topic", AttributeValue.fromSs(List.of(topic.key())))));
        } catch (ConditionalCheckFailedException closed) {
            return false;
        }
        dynamo.putItem(request -> request.tableName(table)
                .item(Map.of(
                        PK, s(SUBSCRIPTION_PREFIX + topic.key()),
                        SK, s(connectionId),
                        EXPIRES_AT, n(expiresAt.getEpochSecond()))));
        return true;
    }

    @Override
    public void unsubscribe(String connectionId, Topic topic) {
        dynamo.deleteItem(request -> request.tableName(table).key(subscriptionKey(topic, connectionId)));
        try {
            dynamo.updateItem(request -> request.tableName(table)
                    .key(connectionKey(connectionId))
                    .updateExpression("DELETE #topics :topic")
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#topics", TOPICS, "#pk", PK))
                    .expressionAttributeValues(Map.of(":topic", AttributeValue.fromSs(List.of(topic.key())))));
        } catch (ConditionalCheckFailedException closed) {
            // Already closed: nothing left to tidy.
        }
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
    }

    @Override
    public List<String> subscribers(Topic topic) {
        List<String> connections = new ArrayList<>();
        dynamo.queryPaginator(request -> request.tableName(table)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", PK))
                        .expressionAttributeValues(Map.of(":pk", s(SUBSCRIPTION_PREFIX + topic.key())))
                        .projectionExpression(SK))
                .items()
                .forEach(item -> connections.add(str(item, SK)));
        return connections;
    }

    private static Map<String, AttributeValue> connectionKey(String connectionId) {
        return Map.of(PK, s(CONNECTION_PREFIX + connectionId), SK, s(CONNECTION_SK));
    }

    private static Map<String, AttributeValue> subscriptionKey(Topic topic, String connectionId) {
        return Map.of(PK, s(SUBSCRIPTION_PREFIX + topic.key()), SK, s(connectionId));
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
