package io.comfyless.core.template;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.contract.Table;
import io.comfyless.core.json.Json;
import io.comfyless.core.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link TemplateStore} in the catalog table: {@code pk = tenant#<id>, sk = template#<template id>},
 * beside the tenant's schedules ({@code schedule#...}), so one query lists either.
 */
public final class DynamoTemplateStore implements TemplateStore {

    static final String PREFIX = "template#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoTemplateStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean create(SavedTemplate template) {
        Map<String, AttributeValue> item = key(template.tenant(), template.id());
        item.put("name", AttributeValue.fromS(template.name()));
        if (template.description() != null) {
            item.put("description", AttributeValue.fromS(template.description()));
        }
        if (template.category() != null) {
            item.put("category", AttributeValue.fromS(template.category()));
        }
        item.put("workflow", AttributeValue.fromS(template.workflow().toJson().toString()));
        if (!template.tags().isEmpty()) {
            item.put(
                    "tags",
                    AttributeValue.fromL(
                            template.tags().stream().map(AttributeValue::fromS).toList()));
        }
        if (template.preset() != null) {
            item.put("preset", AttributeValue.fromS(template.preset()));
        }
        item.put(
                "created_at",
                AttributeValue.fromN(Long.toString(template.createdAt().toEpochMilli())));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    @Override
    public Optional<SavedTemplate> find(String tenant, String id) {
        Map<String, AttributeValue> item =
                dynamo.getItem(r -> r.tableName(table).key(key(tenant, id))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(template(tenant, item));
    }

    @Override
    public List<SavedTemplate> list(String tenant) {
        List<SavedTemplate> templates = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(r -> r.tableName(table)
                    .exclusiveStartKey(from)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                    .expressionAttributeValues(Map.of(
                            ":pk", AttributeValue.fromS("tenant#" + tenant), ":prefix", AttributeValue.fromS(PREFIX))));
            page.items().forEach(item -> templates.add(template(tenant, item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return templates;
    }

    @Override
    public boolean delete(String tenant, String id) {
        Map<String, AttributeValue> old = dynamo.deleteItem(
                        r -> r.tableName(table).key(key(tenant, id)).returnValues(ReturnValue.ALL_OLD))
                .attributes();
        return old != null && !old.isEmpty();
    }

    private static SavedTemplate template(String tenant, Map<String, AttributeValue> item) {
        return new SavedTemplate(
                item.get("sk").s().substring(PREFIX.length()),
                tenant,
                item.get("name").s(),
                item.containsKey("description") ? item.get("description").s() : null,
                item.containsKey("category") ? item.get("category").s() : null,
                Workflow.of((ObjectNode) Json.read(item.get("workflow").s())),
                Instant.ofEpochMilli(Long.parseLong(item.get("created_at").n())),
                item.containsKey("tags")
                        ? item.get("tags").l().stream().map(AttributeValue::s).toList()
                        : List.of(),
                item.containsKey("preset") ? item.get("preset").s() : null);
    }

    private static Map<String, AttributeValue> key(String tenant, String id) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(Table.Attributes.PK, AttributeValue.fromS("tenant#" + tenant));
        key.put(Table.Attributes.SK, AttributeValue.fromS(PREFIX + id));
        return key;
    }
}
