package io.comfyless.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comfyless.contract.Queue;
import io.comfyless.contract.Table;
import io.comfyless.core.dynamo.Items;
import io.comfyless.testkit.aws.AwsEmulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The call counter on real SDK clients against the AWS emulator. */
class AwsCallCounterIT {

    private final AwsCallCounter counter = new AwsCallCounter();
    private RuntimeConfig config;
    private AwsClients aws;

    @BeforeEach
    void connect() {
        config = RuntimeConfig.from(AwsEmulator.freshResources().environment()::get);
        aws = new AwsClients(config, AwsCallPolicy.PATIENT, List.of(counter));
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void countsEachCallByServiceAndOperation() {
        String table = config.table(Table.JOBS);
        aws.dynamo().getItem(r -> r.tableName(table).key(Map.of("pk", Items.s("a"))));
        aws.dynamo().getItem(r -> r.tableName(table).key(Map.of("pk", Items.s("b"))));
        aws.sqs().sendMessage(r -> r.queueUrl(config.queueUrl(Queue.JOBS_LOW)).messageBody("{}"));

        AwsCallCounter.Snapshot calls = counter.snapshot();

        assertThat(calls.byOperation())
                .containsOnly(Map.entry("DynamoDb.GetItem", 2L), Map.entry("Sqs.SendMessage", 1L));
        assertThat(calls.total()).isEqualTo(3);
    }

    @Test
    void aRefusedCallCountsAndAPresignedLinkDoesNot() {
        String table = config.table(Table.JOBS);
        AwsCallCounter.Snapshot before = counter.snapshot();

        assertThatThrownBy(() -> aws.dynamo()
                        .putItem(r -> r.tableName(table)
                                .item(Map.of("pk", Items.s("c")))
                                .conditionExpression("attribute_exists(pk)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
        aws.presigner()
                .presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(1))
                        .getObjectRequest(g -> g.bucket(config.bucket()).key("x")));

        assertThat(counter.snapshot().since(before).byOperation()).containsOnly(Map.entry("DynamoDb.PutItem", 1L));
    }

    @Test
    void clientsWithoutTheCounterAreNotCounted() {
        try (AwsClients other = new AwsClients(config)) {
            other.sqs()
                    .sendMessage(
                            r -> r.queueUrl(config.queueUrl(Queue.JOBS_LOW)).messageBody("{}"));
        }

        assertThat(counter.snapshot().total()).isZero();
    }
}
