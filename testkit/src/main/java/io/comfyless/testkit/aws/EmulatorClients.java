package io.comfyless.testkit.aws;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** AWS SDK clients pointed at an emulator, with the dummy credentials emulators accept. */
public record EmulatorClients(
        DynamoDbClient dynamo,
        SqsClient sqs,
        S3Client s3,
        EventBridgeClient events,
        CognitoIdentityProviderClient cognito)
        implements AutoCloseable {

    public static final Region REGION = Region.US_EAST_1;
    public static final String ACCESS_KEY = "testing";
    public static final String SECRET_KEY = "testing";

    public static EmulatorClients connect(URI endpoint) {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
        var http = UrlConnectionHttpClient.builder();
        return new EmulatorClients(
                DynamoDbClient.builder()
                        .endpointOverride(endpoint)
                        .region(REGION)
                        .credentialsProvider(credentials)
                        .httpClientBuilder(http)
                        .build(),
                SqsClient.builder()
                        .endpointOverride(endpoint)
                        .region(REGION)
                        .credentialsProvider(credentials)
                        .httpClientBuilder(http)
                        .build(),
                S3Client.builder()
                        .endpointOverride(endpoint)
                        .region(REGION)
                        .forcePathStyle(true)
                        .credentialsProvider(credentials)
                        .httpClientBuilder(http)
                        .build(),
                EventBridgeClient.builder()
                        .endpointOverride(endpoint)
                        .region(REGION)
                        .credentialsProvider(credentials)
                        .httpClientBuilder(http)
                        .build(),
                CognitoIdentityProviderClient.builder()
                        .endpointOverride(endpoint)
                        .region(REGION)
                        .credentialsProvider(credentials)
                        .httpClientBuilder(http)
                        .build());
    }

    @Override
    public void close() {
        dynamo.close();
        sqs.close();
        s3.close();
        events.close();
        cognito.close();
    }
}
