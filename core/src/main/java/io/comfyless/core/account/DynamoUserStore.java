package io.comfyless.core.account;

import static io.comfyless.core.dynamo.Items.instant;
import static io.comfyless.core.dynamo.Items.n;
import static io.comfyless.core.dynamo.Items.s;

import io.comfyless.contract.Table;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link UserStore} in the tenants table: one partition per user ({@code user#SUB}) holding the
 * profile and one small item per ended session, so that authenticating a token is one query.
 * Ended sessions expire by TTL once no token of theirs can still be valid.
 */
public final class DynamoUserStore implements UserStore {

    private static final String PK = Table.Attributes.PK;
    private static final String SK = Table.Attributes.SK;
    private static final String PROFILE = "profile";
    private static final String SESSION_PREFIX = "session#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoUserStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void create(UserAccount account) {
        Map<String, AttributeValue> item = key(account.id(), PROFILE);
        item.put("user_id", s(account.id()));
        item.put("email", s(account.email()));
        if (account.username() != null) {
            item.put("username", s(account.username()));
        }
        item.put("tenant_id", s(account.tenantId()));
        item.put("created_at", n(account.createdAt().toEpochMilli()));
        dynamo.putItem(request -> request.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
    }

    @Override
    public Optional<UserRecord> find(String userId) {
        var items = dynamo.query(request -> request.tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", PK))
                        .expressionAttributeValues(Map.of(":pk", s(partition(userId)))))
                .items();
        Map<String, AttributeValue> profile = null;
        Set<String> ended = new HashSet<>();
        for (Map<String, AttributeValue> item : items) {
            String sk = item.get(SK).s();
            if (sk.equals(PROFILE)) {
                profile = item;
            } else if (sk.startsWith(SESSION_PREFIX)) {
                ended.add(sk.substring(SESSION_PREFIX.length()));
            }
        }
        if (profile == null) {
            return Optional.empty();
        }
        Optional<Instant> signedOut = Optional.ofNullable(instant(profile, "signed_out_at"));
        UserAccount account = new UserAccount(
                profile.get("user_id").s(),
                profile.get("email").s(),
                profile.containsKey("username") ? profile.get("username").s() : null,
                profile.get("tenant_id").s(),
                instant(profile, "created_at"),
                Optional.empty());
        return Optional.of(new UserRecord(account, signedOut, ended));
    }

    @Override
    public void signOut(String userId, String sessionId, Instant at, Instant keepUntil) {
        Map<String, AttributeValue> session = key(userId, SESSION_PREFIX + sessionId);
        session.put(Table.Attributes.EXPIRES_AT, n(keepUntil.getEpochSecond()));
        dynamo.putItem(request -> request.tableName(table).item(session));
        dynamo.updateItem(request -> request.tableName(table)
                .key(key(userId, PROFILE))
                .updateExpression("SET #s = :at")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#s", "signed_out_at"))
                .expressionAttributeValues(Map.of(":at", n(at.toEpochMilli()))));
    }

    private static String partition(String userId) {
        return "user#" + userId;
    }

    private static Map<String, AttributeValue> key(String userId, String sortKey) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(PK, s(partition(userId)));
        key.put(SK, s(sortKey));
        return key;
    }
}
