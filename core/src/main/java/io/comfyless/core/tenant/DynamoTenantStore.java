package io.comfyless.core.tenant;

import static io.comfyless.core.dynamo.Items.n;
import static io.comfyless.core.dynamo.Items.s;

import io.comfyless.contract.Table;
import io.comfyless.core.dynamo.DynamoTable;
import io.comfyless.core.dynamo.DynamoTable.Read;
import io.comfyless.core.dynamo.Items;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link TenantStore} on the DynamoDB tenants table (layout in {@link TenantItems}). A key is one
 * item in its tenant's partition, so listing a tenant's keys is one query and revoking is one
 * conditional update; authentication finds it by hash through the {@code by_key_hash} index. The
 * index is eventually consistent: a key is usable within about a second of its creation, and a
 * revocation reaches the index as fast, well inside the authenticators' cache window.
 */
public final class DynamoTenantStore implements TenantStore {

    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoTable items;

    public DynamoTenantStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.items = new DynamoTable(dynamo, table);
    }

    @Override
    public Tenant ensure(Tenant tenant) {
        Map<String, AttributeValue> item = TenantItems.key(tenant.id(), TenantItems.TENANT_SK);
        item.put(TenantItems.TENANT_ID, s(tenant.id()));
        item.put(TenantItems.TIER, s(tenant.tier().wire()));
        item.put(TenantItems.CREATED_AT, n(tenant.createdAt().toEpochMilli()));
        if (items.putIf(item, DynamoTable.ABSENT)) {
            return tenant;
        }
        return find(tenant.id()).orElseThrow(() -> new IllegalStateException("Tenant " + tenant.id() + " vanished"));
    }

    @Override
    public Optional<Tenant> find(String tenantId) {
        return items.get(TenantItems.key(tenantId, TenantItems.TENANT_SK), Read.CONSISTENT)
                .map(item -> new Tenant(
                        tenantId,
                        Tier.fromWire(item.get(TenantItems.TIER).s()).orElse(Tier.DEFAULT),
                        Items.instant(item, TenantItems.CREATED_AT)));
    }

    @Override
    public void setTier(String tenantId, Tier tier) {
        dynamo.updateItem(request -> request.tableName(table)
                .key(TenantItems.key(tenantId, TenantItems.TENANT_SK))
                .updateExpression("SET #t = :t")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#t", TenantItems.TIER))
                .expressionAttributeValues(Map.of(":t", s(tier.wire()))));
    }

    @Override
    public void putKey(ApiKey key, String keyHash) {
        Map<String, AttributeValue> item = TenantItems.key(key.tenantId(), TenantItems.KEY_SK_PREFIX + key.id());
        item.put(TenantItems.KEY_ID, s(key.id()));
        item.put(TenantItems.TENANT_ID, s(key.tenantId()));
        item.put(TenantItems.KEY_HASH, s(keyHash));
        item.put(TenantItems.KEY_TYPE, s(key.type().code()));
        item.put(
                TenantItems.SCOPES,
                AttributeValue.fromSs(
                        key.scopes().stream().map(Scope::wire).sorted().toList()));
        if (key.name() != null && !key.name().isBlank()) {
            item.put(TenantItems.NAME, s(key.name()));
        }
        item.put(TenantItems.DISPLAY_PREFIX, s(key.displayPrefix()));
        item.put(TenantItems.CREATED_AT, n(key.createdAt().toEpochMilli()));
        items.insert(item);
    }

    @Override
    public List<ApiKey> keys(String tenantId) {
        return items.query(TenantItems.partition(tenantId), TenantItems.KEY_SK_PREFIX, Read.EVENTUAL).stream()
                .map(DynamoTenantStore::fromItem)
                .sorted(Comparator.comparing(ApiKey::createdAt))
                .toList();
    }

    @Override
    public Optional<ApiKey> findKeyByHash(String keyHash) {
        QueryResponse response = dynamo.query(request -> request.tableName(table)
                .indexName(Table.Indexes.BY_KEY_HASH)
                .keyConditionExpression("#h = :h")
                .expressionAttributeNames(Map.of("#h", TenantItems.KEY_HASH))
                .expressionAttributeValues(Map.of(":h", s(keyHash))));
        return response.items().stream().findFirst().map(DynamoTenantStore::fromItem);
    }

    @Override
    public Optional<ApiKey> revokeKey(String tenantId, String keyId, Instant at) {
        Map<String, AttributeValue> key = TenantItems.key(tenantId, TenantItems.KEY_SK_PREFIX + keyId);
        try {
            // if_not_exists keeps the first revocation time when a key is revoked twice.
            Map<String, AttributeValue> after = dynamo.updateItem(request -> request.tableName(table)
                            .key(key)
                            .updateExpression("SET #r = if_not_exists(#r, :r)")
                            .conditionExpression("attribute_exists(pk)")
                            .expressionAttributeNames(Map.of("#r", TenantItems.REVOKED_AT))
                            .expressionAttributeValues(Map.of(":r", n(at.toEpochMilli())))
                            .returnValues(ReturnValue.ALL_NEW))
                    .attributes();
            return Optional.of(fromItem(after));
        } catch (ConditionalCheckFailedException noSuchKey) {
            return Optional.empty();
        }
    }

    private static ApiKey fromItem(Map<String, AttributeValue> item) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        AttributeValue stored = item.get(TenantItems.SCOPES);
        if (stored != null && stored.hasSs()) {
            stored.ss().forEach(wire -> Scope.fromWire(wire).ifPresent(scopes::add));
        }
        AttributeValue name = item.get(TenantItems.NAME);
        return new ApiKey(
                item.get(TenantItems.KEY_ID).s(),
                item.get(TenantItems.TENANT_ID).s(),
                ApiKeyType.fromCode(item.get(TenantItems.KEY_TYPE).s()).orElseThrow(),
                scopes,
                name == null ? null : name.s(),
                item.get(TenantItems.DISPLAY_PREFIX).s(),
                Items.instant(item, TenantItems.CREATED_AT),
                Optional.ofNullable(Items.instant(item, TenantItems.REVOKED_AT)));
    }
}
