package io.comfyless.core.template;

import static io.comfyless.core.dynamo.Items.n;
import static io.comfyless.core.dynamo.Items.s;
import static io.comfyless.core.dynamo.Items.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.dynamo.DynamoTable;
import io.comfyless.core.dynamo.DynamoTable.Read;
import io.comfyless.core.json.Json;
import io.comfyless.core.workflow.Workflow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link TemplateStore} in the catalog table: {@code pk = tenant#<id>, sk = template#<template id>},
 * beside the tenant's schedules ({@code schedule#...}), so one query lists either.
 */
public final class DynamoTemplateStore implements TemplateStore {

    static final String PREFIX = "template#";

    private final DynamoTable table;

    public DynamoTemplateStore(DynamoDbClient dynamo, String table) {
        this.table = new DynamoTable(dynamo, table);
    }

    @Override
    public boolean create(SavedTemplate template) {
        Map<String, AttributeValue> item = key(template.tenant(), template.id());
        item.put("name", s(template.name()));
        putIfPresent(item, "description", template.description());
        putIfPresent(item, "category", template.category());
        item.put("workflow", s(template.workflow().toJson().toString()));
        if (!template.tags().isEmpty()) {
            item.put(
                    "tags",
                    AttributeValue.fromL(
                            template.tags().stream().map(AttributeValue::fromS).toList()));
        }
        putIfPresent(item, "preset", template.preset());
        item.put("created_at", n(template.createdAt().toEpochMilli()));
        return table.putIf(item, DynamoTable.ABSENT);
    }

    @Override
    public Optional<SavedTemplate> find(String tenant, String id) {
        return table.get(key(tenant, id), Read.EVENTUAL).map(item -> template(tenant, item));
    }

    @Override
    public List<SavedTemplate> list(String tenant) {
        return table.query(DynamoTable.tenantPartition(tenant), PREFIX, Read.EVENTUAL).stream()
                .map(item -> template(tenant, item))
                .toList();
    }

    @Override
    public boolean delete(String tenant, String id) {
        return table.delete(key(tenant, id));
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static SavedTemplate template(String tenant, Map<String, AttributeValue> item) {
        return new SavedTemplate(
                item.get("sk").s().substring(PREFIX.length()),
                tenant,
                item.get("name").s(),
                str(item, "description"),
                str(item, "category"),
                Workflow.of((ObjectNode) Json.read(item.get("workflow").s())),
                Instant.ofEpochMilli(Long.parseLong(item.get("created_at").n())),
                item.containsKey("tags")
                        ? item.get("tags").l().stream().map(AttributeValue::s).toList()
                        : List.of(),
                str(item, "preset"));
    }

    private static Map<String, AttributeValue> key(String tenant, String id) {
        return DynamoTable.key(DynamoTable.tenantPartition(tenant), PREFIX + id);
    }
}
