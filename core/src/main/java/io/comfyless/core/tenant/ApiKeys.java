package io.comfyless.core.tenant;

import io.comfyless.contract.Table;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.job.IdGenerator;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues, lists and revokes API keys, and recognises them. This is the whole key administration
 * API: the HTTP routes and the {@code ./comfyless keys} command both call it. A key is returned
 * exactly once, by {@link #create}; afterwards only its hash exists, and logs only ever carry its
 * display prefix.
 */
public final class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final int MAX_NAME_LENGTH = 100;

    private final TenantStore store;
    private final ApiKeySecrets secrets;
    private final IdGenerator ids;
    private final Clock clock;

    public ApiKeys(TenantStore store, ApiKeySecrets secrets, IdGenerator ids, Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.ids = ids;
        this.clock = clock;
    }

    /** The service on the deployed (or local) tenants table, on the system clock, for the CLI. */
    public static ApiKeys from(RuntimeConfig config, AwsClients aws) {
        return from(config, aws, Clock.systemUTC());
    }

    /** The service on the deployed (or local) tenants table. */
    public static ApiKeys from(RuntimeConfig config, AwsClients aws, Clock clock) {
        return new ApiKeys(
                new DynamoTenantStore(aws.dynamo(), config.table(Table.TENANTS)),
                new ApiKeySecrets(),
                new IdGenerator(),
                clock);
    }

    /**
     * Issues a key. The tenant is created on the {@link Tier#DEFAULT default tier} if it does not
     * exist yet. Scopes outside what the key type allows are refused naming {@code scopes}.
     */
    public IssuedApiKey create(NewApiKey request) {
        String tenantId = checkTenantId(request.tenantId());
        Set<Scope> scopes = request.scopes().isEmpty() ? request.type().defaultScopes() : request.scopes();
        Set<Scope> refused = EnumSet.noneOf(Scope.class);
        scopes.stream()
                .filter(scope -> !request.type().allowedScopes().contains(scope))
                .forEach(refused::add);
        if (!refused.isEmpty()) {
            throw ValidationException.of(
                    ErrorCodes.SCOPE_NOT_ALLOWED,
                    "scopes",
                    "A " + request.type().prefix() + " key cannot hold "
                            + String.join(
                                    ", ",
                                    refused.stream().map(Scope::wire).sorted().toList()));
        }
        if (request.name() != null && request.name().length() > MAX_NAME_LENGTH) {
            throw ValidationException.of(
                    ErrorCodes.INVALID_VALUE, "name", "name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        Instant now = clock.instant();
        store.ensure(new Tenant(tenantId, Tier.DEFAULT, now));
        String secret = secrets.generate(request.type());
        ApiKey key = new ApiKey(
                "key_" + ids.randomHex(8),
                tenantId,
                request.type(),
                scopes,
                request.name(),
                ApiKeySecrets.displayPrefix(request.type(), secret),
                now,
                Optional.empty());
        store.putKey(key, ApiKeySecrets.hash(secret));
        log.info(
                "Issued API key {} ({}) for tenant {} with scopes {}",
                key.id(),
                key.displayPrefix(),
                tenantId,
                scopes.stream().map(Scope::wire).sorted().toList());
        return new IssuedApiKey(key, secret);
    }

    /** Every key of the tenant, revoked ones included, oldest first. */
    public List<ApiKey> list(String tenantId) {
        return store.keys(checkTenantId(tenantId));
    }

    /**
     * Revokes a key. Authenticators cache keys briefly, so a revoked key stops working within
     * their cache window (30 s in the API) rather than at once. Revoking twice is harmless.
     *
     * @throws NotFoundException if the tenant has no key with this id
     */
    public ApiKey revoke(String tenantId, String keyId) {
        ApiKey revoked = store.revokeKey(checkTenantId(tenantId), keyId, clock.instant())
                .orElseThrow(() -> NotFoundException.of("API key", keyId));
        log.info("Revoked API key {} ({}) of tenant {}", revoked.id(), revoked.displayPrefix(), tenantId);
        return revoked;
    }

    /** Moves a tenant to another tier, creating the tenant if it does not exist. */
    public Tenant setTier(String tenantId, Tier tier) {
        Tenant tenant = store.ensure(new Tenant(checkTenantId(tenantId), tier, clock.instant()));
        if (tenant.tier() != tier) {
            store.setTier(tenantId, tier);
            tenant = new Tenant(tenant.id(), tier, tenant.createdAt());
        }
        log.info("Tenant {} is on tier {}", tenantId, tier.wire());
        return tenant;
    }

    public Optional<Tenant> tenant(String tenantId) {
        return store.find(tenantId);
    }

    /** The active key {@code presented} is, with its tenant; empty for anything else. Never logs the key. */
    public Optional<VerifiedApiKey> verify(String presented) {
        if (presented == null || !ApiKeySecrets.wellFormed(presented)) {
            return Optional.empty();
        }
        return store.findKeyByHash(ApiKeySecrets.hash(presented))
                .filter(ApiKey::active)
                .flatMap(key -> store.find(key.tenantId()).map(tenant -> new VerifiedApiKey(key, tenant)));
    }

    private static String checkTenantId(String tenantId) {
        if (tenantId == null || !TENANT_ID.matcher(tenantId).matches()) {
            throw ValidationException.of(
                    ErrorCodes.INVALID_VALUE,
                    "tenant",
                    "A tenant id is 1 to 64 lower-case letters, digits, '-'"
                            + " or '_', starting with a letter or digit");
        }
        return tenantId;
    }
}
