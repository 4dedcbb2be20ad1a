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
    public static final AwsCallPolicy API = new AwsCallPolicy(
            "api",
            3,
            Duration.ofMillis(25),
            Duration.ofMillis(200),
            true,
            Optional.of(Duration.ofMillis(1200)),
            Optional.of(Duration.ofMillis(2400)),
            Duration.ofSeconds(1),
            Duration.ofMillis(1200));

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

    /** The API function answers HTTP requests; every other function works through events. */
    public static AwsCallPolicy forFunction(String functionDefinition) {
        return "api".equals(functionDefinition) ? API : PATIENT;
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
