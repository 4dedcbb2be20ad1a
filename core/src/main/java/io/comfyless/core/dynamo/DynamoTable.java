package io.comfyless.core.dynamo;

import static io.comfyless.core.dynamo.Items.s;

import io.comfyless.contract.Table;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * One DynamoDB table of items under the composite key ({@code pk}, {@code sk}), with the reads and writes
 * its stores share. A missing item reads as empty; a write whose condition fails answers false (but for
 * {@link #insert}, where a clash is the caller's fault); a query reads every page.
 */
public final class DynamoTable {

    /** The condition of a write that must not replace an item. */
    public static final String ABSENT = "attribute_not_exists(pk)";
    /** The condition of a write that must replace an item. */
    public static final String PRESENT = "attribute_exists(pk)";

    /** How a read sees writes that have just been acknowledged. */
    public enum Read {
        EVENTUAL,
        CONSISTENT
    }

    private final DynamoDbClient dynamo;
    private final String name;

    public DynamoTable(DynamoDbClient dynamo, String name) {
        this.dynamo = dynamo;
        this.name = name;
    }

    /** The partition of a tenant's own items, in the tenants table and in the catalog table. */
    public static String tenantPartition(String tenant) {
        return "tenant#" + tenant;
    }

    /** A key, as a map a caller may add attributes to. */
    public static Map<String, AttributeValue> key(String partition, String sort) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(Table.Attributes.PK, s(partition));
        key.put(Table.Attributes.SK, s(sort));
        return key;
    }

    public Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key, Read read) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        request -> request.tableName(name).key(key).consistentRead(consistent(read)))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** Writes an item whose key must be new: a clash means the caller's id is not unique, so it throws. */
    public void insert(Map<String, AttributeValue> item) {
        dynamo.putItem(request -> request.tableName(name).item(item).conditionExpression(ABSENT));
    }

    /** Writes an item if the condition holds; false if it does not. */
    public boolean putIf(Map<String, AttributeValue> item, String condition) {
        try {
            dynamo.putItem(request -> request.tableName(name).item(item).conditionExpression(condition));
            return true;
        } catch (ConditionalCheckFailedException failed) {
            return false;
        }
    }

    /** Applies an update without a condition; the table is named here. */
    public void update(Consumer<UpdateItemRequest.Builder> update) {
        dynamo.updateItem(request -> update.accept(request.tableName(name)));
    }

    /** Applies an update (the table is named here) if its condition holds; false if it does not. */
    public boolean updateIf(Consumer<UpdateItemRequest.Builder> update) {
        try {
            dynamo.updateItem(request -> update.accept(request.tableName(name)));
            return true;
        } catch (ConditionalCheckFailedException failed) {
            return false;
        }
    }

    public void put(Map<String, AttributeValue> item) {
        dynamo.putItem(request -> request.tableName(name).item(item));
    }

    /** Deletes an item; false if there was none. */
    public boolean delete(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> old = dynamo.deleteItem(
                        request -> request.tableName(name).key(key).returnValues(ReturnValue.ALL_OLD))
                .attributes();
        return old != null && !old.isEmpty();
    }

    /** Every item of a partition, in sort-key order. */
    public List<Map<String, AttributeValue>> query(String partition, Read read) {
        return query(
                QueryRequest.builder()
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", Table.Attributes.PK))
                        .expressionAttributeValues(Map.of(":pk", s(partition))),
                read);
    }

    /** Every item of a partition whose sort key begins with a prefix, in sort-key order. */
    public List<Map<String, AttributeValue>> query(String partition, String sortKeyPrefix, Read read) {
        return query(
                QueryRequest.builder()
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                        .expressionAttributeNames(Map.of("#pk", Table.Attributes.PK, "#sk", Table.Attributes.SK))
                        .expressionAttributeValues(Map.of(":pk", s(partition), ":prefix", s(sortKeyPrefix))),
                read);
    }

    private List<Map<String, AttributeValue>> query(QueryRequest.Builder query, Read read) {
        QueryRequest request =
                query.tableName(name).consistentRead(consistent(read)).build();
        return dynamo.queryPaginator(request).items().stream().toList();
    }

    private static boolean consistent(Read read) {
        return read == Read.CONSISTENT;
    }
}
