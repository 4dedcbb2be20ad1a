package io.comfyless.core.job;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Builds one conditional UpdateItem: SET and REMOVE clauses plus a condition, with every name and
 * value bound through placeholders so attribute names never collide with reserved words.
 */
final class ItemUpdate {

    private final List<String> sets = new ArrayList<>();
    private final List<String> removes = new ArrayList<>();
    private final List<String> conditions = new ArrayList<>();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();
    private int counter;

    ItemUpdate set(String attribute, AttributeValue value) {
        sets.add(name(attribute) + " = " + value(value));
        return this;
    }

    ItemUpdate setIfAbsent(String attribute, AttributeValue value) {
        String name = name(attribute);
        sets.add(name + " = if_not_exists(" + name + ", " + value(value) + ")");
        return this;
    }

    ItemUpdate increment(String attribute) {
        String name = name(attribute);
        sets.add(name + " = if_not_exists(" + name + ", " + value(AttributeValue.fromN("0")) + ") + "
                + value(AttributeValue.fromN("1")));
        return this;
    }

    ItemUpdate append(String listAttribute, AttributeValue element) {
        String name = name(listAttribute);
        sets.add(name + " = list_append(if_not_exists(" + name + ", " + value(AttributeValue.fromL(List.of())) + "), "
                + value(AttributeValue.fromL(List.of(element))) + ")");
        return this;
    }

    ItemUpdate remove(String attribute) {
        removes.add(name(attribute));
        return this;
    }

    ItemUpdate expect(String attribute, AttributeValue value) {
        conditions.add(name(attribute) + " = " + value(value));
        return this;
    }

    /** The attribute holds one of {@code values} (at least one). */
    ItemUpdate expectOneOf(String attribute, List<AttributeValue> values) {
        String name = name(attribute);
        List<String> placeholders = values.stream().map(this::value).toList();
        conditions.add(name + " IN (" + String.join(", ", placeholders) + ")");
        return this;
    }

    ItemUpdate expectNot(String attribute, AttributeValue value) {
        conditions.add(name(attribute) + " <> " + value(value));
        return this;
    }

    ItemUpdate expectBelow(String attribute, AttributeValue value) {
        conditions.add(name(attribute) + " < " + value(value));
        return this;
    }

    ItemUpdate expectExists(String attribute) {
        conditions.add("attribute_exists(" + name(attribute) + ")");
        return this;
    }

    ItemUpdate expectSizeBelow(String attribute, int size) {
        String name = name(attribute);
        conditions.add("(attribute_not_exists(" + name + ") OR size(" + name + ") < "
                + value(AttributeValue.fromN(Integer.toString(size))) + ")");
        return this;
    }

    UpdateItemRequest.Builder toRequest(String table, Map<String, AttributeValue> key) {
        StringBuilder expression = new StringBuilder();
        if (!sets.isEmpty()) {
            expression.append("SET ").append(String.join(", ", sets));
        }
        if (!removes.isEmpty()) {
            expression.append(expression.isEmpty() ? "" : " ").append("REMOVE ").append(String.join(", ", removes));
        }
        UpdateItemRequest.Builder request = UpdateItemRequest.builder()
                .tableName(table)
                .key(key)
                .updateExpression(expression.toString())
                .expressionAttributeNames(names);
        if (!values.isEmpty()) {
            request.expressionAttributeValues(values);
        }
        if (!conditions.isEmpty()) {
            request.conditionExpression(String.join(" AND ", conditions));
        }
        return request;
    }

    private String name(String attribute) {
        String placeholder = "#" + attribute;
        names.put(placeholder, attribute);
        return placeholder;
    }

    private String value(AttributeValue value) {
        String placeholder = ":v" + counter++;
        values.put(placeholder, value);
        return placeholder;
    }
}
