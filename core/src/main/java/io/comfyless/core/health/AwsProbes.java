package io.comfyless.core.health;

import io.comfyless.contract.Bucket;
import io.comfyless.contract.Queue;
import io.comfyless.contract.Table;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The stack's own dependencies, each probed with a call the API function is already allowed to
 * make, so the check needs no permission of its own: a read of a key that never exists in the
 * jobs table, the normal lane's attributes, and a one-key listing of the model store.
 */
public final class AwsProbes {

    private AwsProbes() {}

    /** DynamoDB, SQS and S3: what {@code /health/detailed} reports. */
    public static List<Probe> of(RuntimeConfig config, AwsClients aws) {
        return List.of(dynamo(config, aws), sqs(config, aws), s3(config, aws));
    }

    /** What the API cannot serve a single job request without: DynamoDB and SQS ({@code /ready}). */
    public static List<Probe> readiness(RuntimeConfig config, AwsClients aws) {
        return List.of(dynamo(config, aws), sqs(config, aws));
    }

    private static Probe dynamo(RuntimeConfig config, AwsClients aws) {
        String jobs = config.table(Table.JOBS);
        return probe(
                "dynamodb",
                () -> aws.dynamo()
                        .getItem(request -> request.tableName(jobs)
                                .key(Map.of(Table.Attributes.PK, AttributeValue.fromS("health#probe")))));
    }

    private static Probe sqs(RuntimeConfig config, AwsClients aws) {
        String queue = config.queueUrl(Queue.JOBS_NORMAL);
        return probe(
                "sqs",
                () -> aws.sqs()
                        .getQueueAttributes(request -> request.queueUrl(queue)
                                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)));
    }

    private static Probe s3(RuntimeConfig config, AwsClients aws) {
        String bucket = config.bucket();
        return probe(
                "s3",
                () -> aws.s3()
                        .listObjectsV2(request -> request.bucket(bucket)
                                .prefix(Bucket.MODELS_PREFIX)
                                .maxKeys(1)));
    }

    private static Probe probe(String name, Runnable call) {
        return new Probe() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void check() {
                call.run();
            }
        };
    }
}
