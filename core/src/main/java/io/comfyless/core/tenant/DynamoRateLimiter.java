package io.comfyless.core.tenant;

import static io.comfyless.core.dynamo.Items.n;

import io.comfyless.core.dynamo.Items;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link RateLimiter} on one item per tenant ({@code usage#requests}) in the tenants table. A
 * window opens with the tenant's first request and lasts {@link Tier#RATE_WINDOW}; each request is
 * one atomic {@code ADD} guarded by {@code count < allowance}, so however many Lambda instances
 * serve the tenant at once, exactly the allowance gets through. Anchoring the window at the first
 * request rather than the clock minute means a burst never straddles two windows and doubles.
 */
public final class DynamoRateLimiter implements RateLimiter {

    /** Races lost to requests opening a new window before giving up; each loss means the window now exists. */
    private static final int ATTEMPTS = 5;
    /** Window items outlive their window a little, then expire by TTL. */
    private static final Duration KEEP = Duration.ofHours(1);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoRateLimiter(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public RequestWindow admit(String tenantId, Tier tier) {
        int allowance = tier.requestsPerWindow();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            long openSince = now.minus(Tier.RATE_WINDOW).toEpochMilli();
            try {
                Map<String, AttributeValue> after = countInOpenWindow(tenantId, openSince, allowance);
                return window(true, allowance, after);
            } catch (ConditionalCheckFailedException fullOrClosed) {
                Map<String, AttributeValue> current = current(tenantId);
                if (!current.isEmpty() && Items.num(current, TenantItems.WINDOW_START) > openSince) {
                    if (Items.num(current, TenantItems.COUNT) >= allowance) {
                        return window(false, allowance, current);
                    }
                    continue; // another request opened the window after our try: count in it
                }
            }
            try {
                Map<String, AttributeValue> opened = openWindow(tenantId, now, openSince);
                return window(true, allowance, opened);
            } catch (ConditionalCheckFailedException anotherRequestOpenedIt) {
                // Count in the window the other request opened.
            }
        }
        throw new IllegalStateException(
                "Could not count a request for tenant " + tenantId + " after " + ATTEMPTS + " attempts");
    }

    private Map<String, AttributeValue> countInOpenWindow(String tenantId, long openSince, int allowance) {
        return dynamo.updateItem(request -> request.tableName(table)
                        .key(TenantItems.key(tenantId, TenantItems.REQUESTS_SK))
                        .updateExpression("ADD #c :one")
                        .conditionExpression("#w > :open AND #c < :allowance")
                        .expressionAttributeNames(Map.of("#c", TenantItems.COUNT, "#w", TenantItems.WINDOW_START))
                        .expressionAttributeValues(
                                Map.of(":one", n(1), ":open", n(openSince), ":allowance", n(allowance)))
                        .returnValues(ReturnValue.ALL_NEW))
                .attributes();
    }

    private Map<String, AttributeValue> openWindow(String tenantId, Instant now, long openSince) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":now", n(now.toEpochMilli()));
        values.put(":one", n(1));
        values.put(":open", n(openSince));
        values.put(":expires", n(now.plus(Tier.RATE_WINDOW).plus(KEEP).getEpochSecond()));
        return dynamo.updateItem(request -> request.tableName(table)
                        .key(TenantItems.key(tenantId, TenantItems.REQUESTS_SK))
                        .updateExpression("SET #w = :now, #c = :one, #e = :expires")
                        .conditionExpression("attribute_not_exists(#w) OR #w <= :open")
                        .expressionAttributeNames(Map.of(
                                "#c", TenantItems.COUNT, "#w", TenantItems.WINDOW_START, "#e", TenantItems.EXPIRES_AT))
                        .expressionAttributeValues(values)
                        .returnValues(ReturnValue.ALL_NEW))
                .attributes();
    }

    private Map<String, AttributeValue> current(String tenantId) {
        Map<String, AttributeValue> item = dynamo.getItem(request -> request.tableName(table)
                        .key(TenantItems.key(tenantId, TenantItems.REQUESTS_SK))
                        .consistentRead(true))
                .item();
        return item == null ? Map.of() : item;
    }

    private static RequestWindow window(boolean admitted, int allowance, Map<String, AttributeValue> item) {
        long count = Items.num(item, TenantItems.COUNT);
        Instant start = Instant.ofEpochMilli(Items.num(item, TenantItems.WINDOW_START));
        return new RequestWindow(
                admitted, allowance, (int) Math.max(0, allowance - count), start.plus(Tier.RATE_WINDOW));
    }
}
