package io.comfyless.core.tenant;

import io.comfyless.contract.Table;
import io.comfyless.core.dynamo.DynamoTable;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How tenants live in the tenants table. One partition per tenant holds everything counted or
 * listed per tenant, so a listing is one query and a counter is one item:
 * <pre>
 *   pk              sk               what
 *   tenant#ID       tenant           the tenant: tier, created_at
 *   tenant#ID       key#KEY_ID       an API key: key_hash (indexed by by_key_hash), type, scopes, revoked_at
 *   tenant#ID       usage#requests   the current request window: window_start, count (TTL)
 *   tenant#ID       usage#jobs       unfinished jobs: unfinished; jobs running: running
 *   tenant#ID       usage#month#YYYY-MM  executions created that month: executions (TTL)
 *   user#SUB        profile          a user account (see io.comfyless.core.account)
 *   user#SUB        session#ID       a signed-out session (TTL)
 * </pre>
 */
final class TenantItems {

    static final String PK = Table.Attributes.PK;
    static final String SK = Table.Attributes.SK;
    static final String EXPIRES_AT = Table.Attributes.EXPIRES_AT;

    static final String TENANT_SK = "tenant";
    static final String KEY_SK_PREFIX = "key#";
    static final String REQUESTS_SK = "usage#requests";
    static final String JOBS_SK = "usage#jobs";

    static final String TENANT_ID = "tenant_id";
    static final String TIER = "tier";
    static final String CREATED_AT = "created_at";
    static final String KEY_ID = "key_id";
    static final String KEY_HASH = "key_hash";
    static final String KEY_TYPE = "key_type";
    static final String SCOPES = "scopes";
    static final String NAME = "name";
    static final String DISPLAY_PREFIX = "display_prefix";
    static final String REVOKED_AT = "revoked_at";
    static final String WINDOW_START = "window_start";
    static final String COUNT = "count";
    static final String UNFINISHED = "unfinished";
    static final String RUNNING = "running";
    static final String EXECUTIONS = "executions";

    private TenantItems() {}

    static String monthSk(java.time.YearMonth month) {
        return "usage#month#" + month;
    }

    static String partition(String tenantId) {
        return DynamoTable.tenantPartition(tenantId);
    }

    static Map<String, AttributeValue> key(String tenantId, String sortKey) {
        return DynamoTable.key(partition(tenantId), sortKey);
    }
}
