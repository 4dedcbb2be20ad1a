package io.comfyless.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Bucket;
import io.comfyless.contract.Queue;
import io.comfyless.contract.Table;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class LocalResourcesIT {

    @Test
    void provisionsEveryContractResourceInTheEmulator() {
        LocalResources resources = AwsEmulator.freshResources();

        try (EmulatorClients aws = resources.clients()) {
            TableDescription jobs = aws.dynamo()
                    .describeTable(r -> r.tableName(resources.get(Table.JOBS.envVar())))
                    .table();
            assertThat(jobs.globalSecondaryIndexes())
                    .extracting(index -> index.indexName())
                    .containsExactlyInAnyOrder("by_owner", "by_owner_status", "by_batch", "watch");
            assertThat(aws.dynamo()
                            .describeTimeToLive(r -> r.tableName(jobs.tableName()))
                            .timeToLiveDescription()
                            .attributeName())
                    .isEqualTo("expires_at");

            String redrive = aws.sqs()
                    .getQueueAttributes(r -> r.queueUrl(resources.get(Queue.JOBS_HIGH.envVar()))
                            .attributeNames(QueueAttributeName.REDRIVE_POLICY))
                    .attributes()
                    .get(QueueAttributeName.REDRIVE_POLICY);
            assertThat(redrive).contains(resources.prefix() + "-jobs-dlq").contains("\"maxReceiveCount\": 5");

            assertThat(aws.s3()
                            .headBucket(r -> r.bucket(resources.get(Bucket.ENV_VAR)))
                            .sdkHttpResponse()
                            .isSuccessful())
                    .isTrue();
        }
    }

    @Test
    void provisioningTheSamePrefixTwiceIsHarmless() {
        LocalResources first = AwsEmulator.freshResources();

        LocalResources second = LocalResources.provision(first.endpoint(), first.prefix());

        assertThat(second.environment()).isEqualTo(first.environment());
    }
}
