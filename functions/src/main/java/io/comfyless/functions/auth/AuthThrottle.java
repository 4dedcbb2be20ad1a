package io.comfyless.functions.auth;

import io.comfyless.contract.Table;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.error.RateLimitedException;
import io.comfyless.core.error.UnauthorizedException;
import io.comfyless.core.tenant.AttemptLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Throttles failed authentication, counted per source address, per API key prefix and, for
 * sign-in, per account: past a limit the answer is 429 with {@code Retry-After} until the window
 * ends, and a throttled caller's further attempts are refused before any key is looked up. Sign-in
 * is limited per account as Cognito limits it in AWS (where Cognito's own lockout also applies),
 * so the local stack behaves the same. Successful attempts cost nothing.
 */
public final class AuthThrottle {

    /** Failed attempts from one address per minute, unless {@code COMFYLESS_AUTH_FAILURES_PER_SOURCE} says otherwise. */
    public static final int PER_SOURCE = RuntimeConfig.DEFAULT_AUTH_FAILURES_PER_SOURCE;
    /** Failed attempts with one key prefix per minute: a revoked key left in a script keeps hitting this. */
    public static final int PER_KEY_PREFIX = 10;
    /** Failed sign-ins per account per quarter hour. */
    public static final int PER_ACCOUNT = 5;

    private final AttemptLimiter sources;
    private final AttemptLimiter keyPrefixes;
    private final AttemptLimiter accounts;

    public AuthThrottle(AttemptLimiter sources, AttemptLimiter keyPrefixes, AttemptLimiter accounts) {
        this.sources = sources;
        this.keyPrefixes = keyPrefixes;
        this.accounts = accounts;
    }

    public static AuthThrottle dynamo(DynamoDbClient dynamo, RuntimeConfig config, Clock clock) {
        String tenantsTable = config.table(Table.TENANTS);
        return new AuthThrottle(
                AttemptLimiter.dynamo(
                        dynamo, tenantsTable, "source", config.authFailuresPerSource(), Duration.ofMinutes(1), clock),
                AttemptLimiter.dynamo(dynamo, tenantsTable, "key", PER_KEY_PREFIX, Duration.ofMinutes(1), clock),
                AttemptLimiter.dynamo(dynamo, tenantsTable, "account", PER_ACCOUNT, Duration.ofMinutes(15), clock));
    }

    /** Runs one authentication by bearer token, counting its failure against the source and the key prefix. */
    public <T> T credential(String source, Optional<String> keyPrefix, Supplier<T> attempt) {
        refuseIfBlocked(sources, source, "this address");
        keyPrefix.ifPresent(prefix -> refuseIfBlocked(keyPrefixes, prefix, "this API key"));
        try {
            return attempt.get();
        } catch (UnauthorizedException failed) {
            Optional<Duration> bySource = sources.failed(source);
            Optional<Duration> byKey = keyPrefix.flatMap(keyPrefixes::failed);
            bySource.ifPresent(wait -> throwLimited(sources, wait, "this address"));
            byKey.ifPresent(wait -> throwLimited(keyPrefixes, wait, "this API key"));
            throw failed;
        }
    }

    /** Runs one sign-in, counting its failure against the source and the account. */
    public <T> T signIn(String source, String account, Supplier<T> attempt) {
        String who = account == null ? "" : account.trim().toLowerCase(Locale.ROOT);
        refuseIfBlocked(sources, source, "this address");
        refuseIfBlocked(accounts, who, "this account");
        try {
            return attempt.get();
        } catch (UnauthorizedException failed) {
            Optional<Duration> bySource = sources.failed(source);
            Optional<Duration> byAccount = accounts.failed(who);
            bySource.ifPresent(wait -> throwLimited(sources, wait, "this address"));
            byAccount.ifPresent(wait -> throwLimited(accounts, wait, "this account"));
            throw failed;
        }
    }

    private static void refuseIfBlocked(AttemptLimiter limiter, String subject, String whom) {
        limiter.blocked(subject).ifPresent(wait -> throwLimited(limiter, wait, whom));
    }

    private static void throwLimited(AttemptLimiter limiter, Duration wait, String whom) {
        throw new RateLimitedException(
                "Too many failed authentication attempts from " + whom + "; try again in "
                        + Math.max(1, wait.toSeconds()) + " s",
                wait,
                List.of(ErrorDetail.field(
                        "AUTHENTICATION_THROTTLED",
                        "authorization",
                        limiter.allowed() + " failed attempts per "
                                + limiter.window().toMinutes() + " min")));
    }
}
