package io.comfyless.bench.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.contract.Queue;
import io.comfyless.contract.Table;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The baseline of {@code bench lambda}: the essential work of a submit and nothing else, as a plain
 * Lambda handler on the same SDK and HTTP client as the functions. It parses the API Gateway event
 * and the workflow in its body, writes a pending job with a conditional put, sends the queue
 * message, and answers 202 with the id.
 */
public final class PlainSubmitHandler implements RequestStreamHandler {

    private final ObjectMapper json = new ObjectMapper();
    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final String table = System.getenv(Table.JOBS.envVar());
    private final String queueUrl = System.getenv(Queue.JOBS_NORMAL.envVar());

    public PlainSubmitHandler() {
        URI endpoint = URI.create(System.getenv("AWS_ENDPOINT_URL"));
        StaticCredentialsProvider credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        dynamo = DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        sqs = SqsClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = json.readTree(input);
        JsonNode workflow = json.readTree(event.path("body").asText()).path("workflow");
        String stored = json.writeValueAsString(workflow);
        String id = "exec_" + UUID.randomUUID().toString().replace("-", "");
        dynamo.putItem(put -> put.tableName(table)
                .item(Map.of(
                        "pk", AttributeValue.fromS(id),
                        "status", AttributeValue.fromS("pending"),
                        "workflow", AttributeValue.fromS(stored)))
                .conditionExpression("attribute_not_exists(pk)"));
        sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody("{\"job_id\":\"" + id + "\",\"attempt\":1}"));
        ObjectNode response = json.createObjectNode();
        response.put("statusCode", 202);
        response.put("body", "{\"execution_id\":\"" + id + "\"}");
        json.writeValue(output, response);
    }
}
