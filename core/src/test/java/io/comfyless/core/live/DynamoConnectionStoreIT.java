package io.comfyless.core.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Table;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.tenant.Scope;
import io.comfyless.testkit.aws.AwsEmulator;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoConnectionStoreIT extends ConnectionStoreContract {

    private static AwsClients aws;
    private static RuntimeConfig config;
    private static ConnectionStore store;

    @BeforeAll
    static void provision() {
        config = RuntimeConfig.from(AwsEmulator.freshResources().environment()::get);
        aws = new AwsClients(config);
        store = new DynamoConnectionStore(aws.dynamo(), config.table(Table.CONNECTIONS), Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        aws.close();
    }

    @Override
    ConnectionStore store() {
        return store;
    }

    @Test
    void everyRecordCarriesItsExpiryForTheTablesTimeToLive() {
        Instant expires = Instant.parse("2030-01-01T00:00:00Z");
        store.open(Connection.opened("ttl-1", "t-ttl", EnumSet.noneOf(Scope.class), Instant.now()), expires);
        store.subscribe("ttl-1", Topic.job("t-ttl", "exec_ttl"), expires);

        var items = aws.dynamo().scan(r -> r.tableName(config.table(Table.CONNECTIONS))).items().stream()
                .filter(item -> item.get("pk").s().contains("ttl")
                        && !item.get("pk").s().startsWith("ver#"))
                .toList();

        assertThat(items).hasSize(2);
        assertThat(items)
                .allSatisfy(item -> assertThat(item)
                        .containsEntry(
                                Table.CONNECTIONS.ttlAttribute(),
                                AttributeValue.fromN(Long.toString(expires.getEpochSecond()))));
    }
}
