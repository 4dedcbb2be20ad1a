package io.comfyless.core.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
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
 * One SDK client per service, each built on first use and then kept for the process, every one with
 * the same {@link AwsCallPolicy}: the caller decides how long it can wait ({@link AwsCallPolicy#API}
 * for the API function, {@link AwsCallPolicy#PATIENT} for everything else). Building lazily is what
 * lets a Lambda function's jar leave out the SDK modules of services it never calls (the webhook
 * function carries no S3, ECS or Cognito client classes). With an endpoint override (the emulator)
 * S3 uses path-style addressing and, when no credentials are configured, dummy ones.
 */
public final class AwsClients implements AutoCloseable {

    private final Region region;
    private final Optional<URI> endpoint;
    private final AwsCredentialsProvider credentials;
    private final AwsCallPolicy policy;
    private final List<ExecutionInterceptor> interceptors;
    private final List<AutoCloseable> built = new ArrayList<>();
    private final Client<DynamoDbClient> dynamo;
    private final Client<SqsClient> sqs;
    private final Client<S3Client> s3;
    private final Client<S3Presigner> presigner;
    private final Client<EventBridgeClient> events;
    private final Client<CognitoIdentityProviderClient> cognito;
    private final Client<SchedulerClient> scheduler;
    private final Client<EcsClient> ecs;
    private final Client<ApplicationAutoScalingClient> applicationAutoScaling;
    private final Client<AutoScalingClient> autoScaling;
    private ApiGatewayManagementApiClient connections;

    /** Clients for a process nobody waits on: runners, background functions, the CLI. */
    public AwsClients(RuntimeConfig config) {
        this(config, AwsCallPolicy.PATIENT, List.of());
    }

    public AwsClients(RuntimeConfig config, AwsCallPolicy policy) {
        this(config, policy, List.of());
    }

    /** Patient clients with {@code interceptors} attached, such as an {@link AwsCallCounter}. */
    public AwsClients(RuntimeConfig config, List<ExecutionInterceptor> interceptors) {
        this(config, AwsCallPolicy.PATIENT, interceptors);
    }

    public AwsClients(RuntimeConfig config, AwsCallPolicy policy, List<ExecutionInterceptor> interceptors) {
        this.policy = policy;
        this.region = Region.of(config.region());
        this.endpoint = config.endpoint();
        this.credentials = credentials(endpoint);
        this.interceptors = List.copyOf(interceptors);
        dynamo = new Client<>(() -> configure(DynamoDbClient.builder()).build());
        sqs = new Client<>(() -> configure(SqsClient.builder()).build());
        s3 = new Client<>(() ->
                configure(S3Client.builder()).serviceConfiguration(s3Config()).build());
        presigner = new Client<>(() -> buildPresigner());
        events = new Client<>(() -> configure(EventBridgeClient.builder()).build());
        cognito = new Client<>(
                () -> configure(CognitoIdentityProviderClient.builder()).build());
        scheduler = new Client<>(() -> configure(SchedulerClient.builder()).build());
        ecs = new Client<>(() -> configure(EcsClient.builder()).build());
        applicationAutoScaling = new Client<>(
                () -> configure(ApplicationAutoScalingClient.builder()).build());
        autoScaling = new Client<>(() -> configure(AutoScalingClient.builder()).build());
    }

    public DynamoDbClient dynamo() {
        return dynamo.get();
    }

    public SqsClient sqs() {
        return sqs.get();
    }

    public S3Client s3() {
        return s3.get();
    }

    public S3Presigner presigner() {
        return presigner.get();
    }

    public EventBridgeClient events() {
        return events.get();
    }

    /** Only the API function with authentication on needs it. */
    public CognitoIdentityProviderClient cognito() {
        return cognito.get();
    }

    /** Only the API (schedule routes) and the local trigger need it. */
    public SchedulerClient scheduler() {
        return scheduler.get();
    }

    /** The fleet view and fleet control, and submits on an empty fleet. */
    public EcsClient ecs() {
        return ecs.get();
    }

    /** Fleet control (the runner service's scaling bounds). */
    public ApplicationAutoScalingClient applicationAutoScaling() {
        return applicationAutoScaling.get();
    }

    /** Fleet control and submits on an empty fleet (the GPU instance group). */
    public AutoScalingClient autoScaling() {
        return autoScaling.get();
    }

    /**
     * Built on first use, for the live-update functions: API Gateway's management API at
     * {@code stage}, the WebSocket API's stage URL (the emulator does not serve it; the local
     * stack's own server does).
     */
    public synchronized ApiGatewayManagementApiClient connections(URI stage) {
        if (connections == null) {
            connections = remember(configure(ApiGatewayManagementApiClient.builder())
                    .endpointOverride(stage)
                    .build());
        }
        return connections;
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
    public synchronized void close() {
        for (AutoCloseable client : built) {
            try {
                client.close();
            } catch (Exception e) {
                // Closing releases local resources only; nothing to recover.
            }
        }
        built.clear();
    }

    private synchronized <T extends AutoCloseable> T remember(T client) {
        built.add(client);
        return client;
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

    private S3Configuration s3Config() {
        return S3Configuration.builder()
                .pathStyleAccessEnabled(endpoint.isPresent())
                .build();
    }

    private S3Presigner buildPresigner() {
        S3Presigner.Builder presign = S3Presigner.builder()
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(s3Config());
        endpoint.ifPresent(presign::endpointOverride);
        return presign.build();
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

    /**
     * A client built on first use, once, and closed with the others. The builder is typed
     * {@code AutoCloseable} on purpose: a lambda typed with the client's own class would make the JVM
     * load that class when this object is created, and a jar without the service's SDK module would
     * fail there.
     */
    private final class Client<T extends AutoCloseable> {
        private final Supplier<AutoCloseable> build;
        private volatile AutoCloseable client;

        Client(Supplier<AutoCloseable> build) {
            this.build = build;
        }

        @SuppressWarnings("unchecked")
        T get() {
            AutoCloseable current = client;
            if (current == null) {
                synchronized (this) {
                    current = client;
                    if (current == null) {
                        current = remember(build.get());
                        client = current;
                    }
                }
            }
            return (T) current;
        }
    }
}
