package io.comfyless.core.account;

import io.comfyless.contract.Identity;
import io.comfyless.contract.Table;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.config.UserPool;
import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.error.UnauthorizedException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.job.IdGenerator;
import io.comfyless.core.tenant.DynamoTenantStore;
import io.comfyless.core.tenant.ExpiringCache;
import io.comfyless.core.tenant.Tenant;
import io.comfyless.core.tenant.TenantStore;
import io.comfyless.core.tenant.Tier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User accounts (seed 001's {@code /auth/*}): register, log in, refresh, look up, log out, and
 * recognise access tokens. Passwords go to the identity provider and nowhere else, never to a log.
 * Each user gets a tenant of their own at registration, on the default tier.
 */
public final class Accounts {

    private static final Logger log = LoggerFactory.getLogger(Accounts.class);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int MAX_EMAIL_LENGTH = 254;
    private static final int MAX_PASSWORD_LENGTH = 256;
    /** How long a signed-out session is remembered: longer than any access token can live. */
    private static final Duration SESSION_MEMORY = Duration.ofDays(1);
    /**
     * User records and their tenants are cached this long per process: a logout or a tier change
     * made through another process takes effect here within it.
     */
    public static final Duration CACHE_TTL = Duration.ofSeconds(30);
    /** How far a token's issue time may lie ahead of our clock: clocks differ a little, never by more. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final IdentityProvider identity;
    private final AccessTokenVerifier tokens;
    private final UserStore users;
    private final TenantStore tenants;
    private final IdGenerator ids;
    private final Clock clock;
    private final ExpiringCache<String, UserRecord> records;
    private final ExpiringCache<String, Tenant> tenantCache;

    public Accounts(
            IdentityProvider identity,
            AccessTokenVerifier tokens,
            UserStore users,
            TenantStore tenants,
            IdGenerator ids,
            Clock clock) {
        this.identity = identity;
        this.tokens = tokens;
        this.users = users;
        this.tenants = tenants;
        this.ids = ids;
        this.clock = clock;
        this.records = new ExpiringCache<>(CACHE_TTL, 10_000, clock);
        this.tenantCache = new ExpiringCache<>(CACHE_TTL, 10_000, clock);
    }

    /** Accounts on the configured Cognito user pool and tenants table. */
    public static Accounts from(RuntimeConfig config, AwsClients aws, Clock clock) {
        UserPool pool = config.userPool()
                .orElseThrow(() -> new IllegalStateException("User accounts need " + Identity.USER_POOL_ID_ENV_VAR
                        + " and " + Identity.USER_POOL_CLIENT_ID_ENV_VAR));
        String table = config.table(Table.TENANTS);
        return new Accounts(
                new CognitoIdentityProvider(aws.cognito(), pool.id(), pool.clientId()),
                CognitoAccessTokenVerifier.forPool(config.region(), pool.id(), pool.clientId(), config.endpoint()),
                new DynamoUserStore(aws.dynamo(), table),
                new DynamoTenantStore(aws.dynamo(), table),
                new IdGenerator(),
                clock);
    }

    public UserAccount register(Registration registration) {
        Registration checked = check(registration);
        String userId = identity.signUp(checked);
        Instant now = clock.instant();
        Tenant tenant = new Tenant("tnt_" + ids.randomHex(8), Tier.DEFAULT, now);
        UserAccount account =
                new UserAccount(userId, checked.email(), checked.username(), tenant.id(), now, Optional.empty());
        try {
            tenants.ensure(tenant);
            users.create(account);
        } catch (RuntimeException e) {
            // Without its record the user could log in but never be recognised: undo the sign-up.
            try {
                identity.delete(checked.email());
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        log.info("Registered user {} with tenant {}", userId, tenant.id());
        return account;
    }

    public TokenSet login(String email, String password) {
        requireText(email, "email");
        requireText(password, "password");
        return identity.login(email.trim().toLowerCase(Locale.ROOT), password);
    }

    public TokenSet refresh(String refreshToken) {
        requireText(refreshToken, "refresh_token");
        return identity.refresh(refreshToken);
    }

    /**
     * The user an access token stands for. Refused (401) when the token does not verify, claims
     * to be issued in the future, was signed out, or belongs to no registered user.
     */
    public AuthenticatedUser authenticate(String accessToken) {
        VerifiedToken token = tokens.verify(accessToken);
        if (token.issuedAt().isAfter(clock.instant().plus(CLOCK_SKEW))) {
            throw new UnauthorizedException("This access token claims to be issued in the future; log in again");
        }
        UserRecord record = records.get(token.userId(), users::find)
                .orElseThrow(() -> new UnauthorizedException("No account for this access token"));
        if (record.revokes(token)) {
            throw new UnauthorizedException("This access token was signed out; log in again");
        }
        Tenant tenant = tenantCache
                .get(record.account().tenantId(), tenants::find)
                .orElseThrow(() -> new UnauthorizedException("The account's tenant no longer exists"));
        return new AuthenticatedUser(record.account(), tenant, token);
    }

    /** The account of an authenticated user. */
    public UserAccount account(String userId) {
        return records.get(userId, users::find)
                .map(UserRecord::account)
                .orElseThrow(() -> new UnauthorizedException("No account for this access token"));
    }

    /**
     * Logs out the user of {@code accessToken}: the token's session ends at once in this process
     * and within {@link #CACHE_TTL} in every other, and the identity provider revokes the user's
     * refresh tokens.
     */
    public void logout(String accessToken) {
        AuthenticatedUser user = authenticate(accessToken);
        identity.signOut(accessToken);
        Instant now = clock.instant();
        users.signOut(user.account().id(), user.token().sessionId(), now, now.plus(SESSION_MEMORY));
        records.invalidate(user.account().id());
        log.info("User {} logged out", user.account().id());
    }

    private static Registration check(Registration registration) {
        List<ErrorDetail> problems = new ArrayList<>();
        String email =
                registration.email() == null ? "" : registration.email().trim().toLowerCase(Locale.ROOT);
        if (email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches()) {
            problems.add(ErrorDetail.field(ErrorCodes.INVALID_VALUE, "email", "email must be an email address"));
        }
        String password = registration.password();
        if (password == null
                || password.length() < Identity.PASSWORD_MIN_LENGTH
                || password.length() > MAX_PASSWORD_LENGTH) {
            problems.add(ErrorDetail.field(
                    ErrorCodes.WEAK_PASSWORD,
                    "password",
                    "password must be " + Identity.PASSWORD_MIN_LENGTH + " to " + MAX_PASSWORD_LENGTH + " characters"));
        }
        String username =
                registration.username() == null || registration.username().isBlank()
                        ? email.substring(0, Math.max(0, email.indexOf('@'))).replaceAll("[^A-Za-z0-9_.-]", "_")
                        : registration.username().trim();
        if (!USERNAME.matcher(username).matches()) {
            problems.add(ErrorDetail.field(
                    ErrorCodes.INVALID_VALUE, "username", "username must be 1 to 64 letters, digits, '.', '_' or '-'"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(
                    "Invalid registration: " + problems.get(0).message(), problems);
        }
        return new Registration(email, password, username);
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ValidationException.of(ErrorCodes.REQUIRED_FIELD, field, field + " is required");
        }
    }
}
