package io.comfyless.core.config;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
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
 * One SDK client per service, built once per process. With an endpoint override (the emulator)
 * S3 uses path-style addressing and, when no credentials are configured, dummy ones. The Cognito
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
    private CognitoIdentityProviderClient cognito;
    private SchedulerClient scheduler;
    private EcsClient ecs;
    private ApiGatewayManagementApiClient connections;

    public AwsClients(RuntimeConfig config) {
        this.region = Region.of(config.region());
        this.endpoint = config.endpoint();
        this.credentials = credentials(endpoint);
        S3Configuration s3Config = S3Configuration.builder()
                .pathStyleAccessEnabled(endpoint.isPresent())
                .build();
        this.dynamo = configure(DynamoDbClient.builder(), region, endpoint, credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        this.sqs = configure(SqsClient.builder(), region, endpoint, credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        this.s3 = configure(S3Client.builder(), region, endpoint, credentials)
                .serviceConfiguration(s3Config)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        this.events = configure(EventBridgeClient.builder(), region, endpoint, credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
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
            cognito = configure(CognitoIdentityProviderClient.builder(), region, endpoint, credentials)
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build();
        }
        return cognito;
    }

    /** Built on first use: only the API (schedule routes) and the local trigger need it. */
    public synchronized SchedulerClient scheduler() {
        if (scheduler == null) {
            scheduler = configure(SchedulerClient.builder(), region, endpoint, credentials)
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build();
        }
        return scheduler;
    }

    /** Built on first use: only the API's fleet view reads ECS. */
    public synchronized EcsClient ecs() {
        if (ecs == null) {
            ecs = configure(EcsClient.builder(), region, endpoint, credentials)
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build();
        }
        return ecs;
    }

    /**
     * Built on first use, for the live-update functions: API Gateway's management API at
     * {@code endpoint}, the WebSocket API's stage URL (the emulator does not serve it; the local
     * stack's own server does).
     */
    public synchronized ApiGatewayManagementApiClient connections(URI endpoint) {
        if (connections == null) {
            connections = ApiGatewayManagementApiClient.builder()
                    .region(region)
                    .credentialsProvider(credentials)
                    .endpointOverride(endpoint)
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build();
        }
        return connections;
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
            if (connections != null) {
                connections.close();
            }
        }
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(
            B builder, Region region, Optional<URI> endpoint, AwsCredentialsProvider credentials) {
        builder.region(region).credentialsProvider(credentials);
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
