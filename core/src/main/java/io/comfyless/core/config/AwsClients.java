package io.comfyless.core.config;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One SDK client per service, built once per process, every one with the same {@link AwsCallPolicy}:
 * the caller decides how long it can wait ({@link AwsCallPolicy#API} for the API function,
 * {@link AwsCallPolicy#PATIENT} for everything else). With an endpoint override (the emulator) S3
 * uses path-style addressing and, when no credentials are configured, dummy ones. The Cognito
 * client is built on first use: only the API function with authentication on needs it.
 */
public final class AwsClients implements AutoCloseable {

    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final EventBridgeClient events;
    private final Region region;
    private final Optional<URI> endpoint;
    private final AwsCredentialsProvider credentials;
    private final AwsCallPolicy policy;
    private final List<ExecutionInterceptor> interceptors;
    private CognitoIdentityProviderClient cognito;
    private SchedulerClient scheduler;
    private EcsClient ecs;
    private ApplicationAutoScalingClient applicationAutoScaling;
    private AutoScalingClient autoScaling;

    /** Clients for a process nobody waits on: runners, background functions, the CLI. */
    public AwsClients(RuntimeConfig config) {
        this(config, AwsCallPolicy.PATIENT);
    }

    public AwsClients(RuntimeConfig config, AwsCallPolicy policy) {
        this(config, policy, List.of());
    }

    /**
     * @param interceptors attached to every client built here, such as an {@link AwsCallCounter}
     */
    public AwsClients(RuntimeConfig config, AwsCallPolicy policy, List<ExecutionInterceptor> interceptors) {
        this.policy = policy;
        this.interceptors = List.copyOf(interceptors);
        this.region = Region.of(config.region());
        this.endpoint = config.endpoint();
        this.credentials = credentials(endpoint);
        S3Configuration s3Config = S3Configuration.builder()
                .pathStyleAccessEnabled(endpoint.isPresent())
                .build();
        this.dynamo = configure(DynamoDbClient.builder()).build();
        this.sqs = configure(SqsClient.builder()).build();
        this.s3 = configure(S3Client.builder()).serviceConfiguration(s3Config).build();
        this.events = configure(EventBridgeClient.builder()).build();
        S3Presigner.Builder presign = S3Presigner.builder()
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(s3Config);
        endpoint.ifPresent(presign::endpointOverride);
        this.presigner = presign.build();
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public S3Client s3() {
        return s3;
    }

    public S3Presigner presigner() {
        return presigner;
    }

    public EventBridgeClient events() {
        return events;
    }

    public synchronized CognitoIdentityProviderClient cognito() {
        if (cognito == null) {
            cognito = configure(CognitoIdentityProviderClient.builder()).build();
        }
        return cognito;
    }

    /** Built on first use: only the API (schedule routes) and the local trigger need it. */
    public synchronized SchedulerClient scheduler() {
        if (scheduler == null) {
            scheduler = configure(SchedulerClient.builder()).build();
        }
        return scheduler;
    }

    /** Built on first use: the fleet view and fleet control, and submits on an empty fleet. */
    public synchronized EcsClient ecs() {
        if (ecs == null) {
            ecs = configure(EcsClient.builder()).build();
        }
        return ecs;
    }

    /** Built on first use: fleet control (the runner service's scaling bounds). */
    public synchronized ApplicationAutoScalingClient applicationAutoScaling() {
        if (applicationAutoScaling == null) {
            applicationAutoScaling =
                    configure(ApplicationAutoScalingClient.builder()).build();
        }
        return applicationAutoScaling;
    }

    /** Built on first use: fleet control and submits on an empty fleet (the GPU instance group). */
    public synchronized AutoScalingClient autoScaling() {
        if (autoScaling == null) {
            autoScaling = configure(AutoScalingClient.builder()).build();
        }
        return autoScaling;
    }

    /**
     * A client of another service, configured like these (region, emulator endpoint, credentials,
     * HTTP client); the caller closes it. For services only one process needs, such as EC2's price
     * history for the runner.
     */
    public <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C build(B builder) {
        return configure(builder).build();
    }

    @Override
    public void close() {
        dynamo.close();
        sqs.close();
        s3.close();
        presigner.close();
        events.close();
        synchronized (this) {
            if (cognito != null) {
                cognito.close();
            }
            if (scheduler != null) {
                scheduler.close();
            }
            if (ecs != null) {
                ecs.close();
            }
            if (applicationAutoScaling != null) {
                applicationAutoScaling.close();
            }
            if (autoScaling != null) {
                autoScaling.close();
            }
        }
    }

    public AwsCallPolicy policy() {
        return policy;
    }

    private <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(B builder) {
        builder.region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(policy.overrides().toBuilder()
                        .executionInterceptors(interceptors)
                        .build())
                .httpClientBuilder(policy.httpClient());
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    private static AwsCredentialsProvider credentials(Optional<URI> endpoint) {
        boolean configured = System.getenv("AWS_ACCESS_KEY_ID") != null
                || System.getenv("AWS_PROFILE") != null
                || System.getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != null
                || System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") != null;
        if (endpoint.isPresent() && !configured) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
