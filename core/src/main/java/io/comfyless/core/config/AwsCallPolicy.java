package io.comfyless.core.config;

import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * How long a process waits on AWS and how often it tries again, chosen by who is waiting.
 *
 * <ul>
 *   <li>{@link #API}: someone holds an HTTP request open. A call gets a short budget of attempts and
 *       an overall deadline, so a stalled dependency becomes a 503 in the error shape well inside
 *       three seconds instead of a hang that API Gateway cuts off at thirty.
 *   <li>{@link #PATIENT}: runners, background functions, the CLI. Nobody is waiting on an HTTP
 *       answer and giving up could strand work, so calls retry with exponential backoff and never
 *       hit an overall deadline; a stalled read is still abandoned after {@code readTimeout} and
 *       tried again. Leases and queue visibility, not these clients, decide when work moves on.
 * </ul>
 *
 * @param callTimeout empty for no overall deadline
 * @param attemptTimeout empty for none (long polls and large uploads are bounded by the read timeout)
 */
public record AwsCallPolicy(
        String name,
        int maxAttempts,
        Duration backoffBase,
        Duration backoffMax,
        boolean circuitBreaker,
        Optional<Duration> attemptTimeout,
        Optional<Duration> callTimeout,
        Duration connectTimeout,
        Duration readTimeout) {

    /** A stalled dependency answers 503 after about 2.4 s: two attempts of 1.2 s at most. */
    public static final AwsCallPolicy API = api(Duration.ofMillis(2400));

    /**
     * Ten attempts, backing off from 0.2 s up to 20 s, with no circuit breaker: a dependency that
     * stalls for minutes is waited out. The read timeout stays above SQS's longest long poll (20 s).
     */
    public static final AwsCallPolicy PATIENT = new AwsCallPolicy(
            "patient",
            10,
            Duration.ofMillis(200),
            Duration.ofSeconds(20),
            false,
            Optional.empty(),
            Optional.empty(),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30));

    /** At most {@code deadline} per call, retries included, each attempt getting half of it. */
    public static AwsCallPolicy api(Duration deadline) {
        Duration attempt = deadline.dividedBy(2);
        return new AwsCallPolicy(
                "api",
                3,
                Duration.ofMillis(25),
                Duration.ofMillis(200),
                true,
                Optional.of(attempt),
                Optional.of(deadline),
                Duration.ofSeconds(1).compareTo(attempt) < 0 ? Duration.ofSeconds(1) : attempt,
                attempt);
    }

    /**
     * The API function answers HTTP requests; every other function works through events.
     *
     * @param apiDeadlineMs {@code COMFYLESS_API_AWS_DEADLINE_MS}, or null for the deployed default
     */
    public static AwsCallPolicy forFunction(String functionDefinition, String apiDeadlineMs) {
        if (!"api".equals(functionDefinition)) {
            return PATIENT;
        }
        return apiDeadlineMs == null || apiDeadlineMs.isBlank()
                ? API
                : api(Duration.ofMillis(Long.parseLong(apiDeadlineMs.trim())));
    }

    ClientOverrideConfiguration overrides() {
        ClientOverrideConfiguration.Builder builder = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(maxAttempts)
                        .backoffStrategy(BackoffStrategy.exponentialDelay(backoffBase, backoffMax))
                        .circuitBreakerEnabled(circuitBreaker)
                        .build());
        attemptTimeout.ifPresent(builder::apiCallAttemptTimeout);
        callTimeout.ifPresent(builder::apiCallTimeout);
        return builder.build();
    }

    UrlConnectionHttpClient.Builder httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(connectTimeout)
                .socketTimeout(readTimeout);
    }
}
