package io.comfyless.infra.data;

import static io.comfyless.infra.Resources.list;
import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Index;
import io.comfyless.contract.Key;
import io.comfyless.contract.Table;
import io.comfyless.infra.Resources;
import io.comfyless.infra.SynthesizedStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awscdk.assertions.Template;

class TablesTest {

    private static final String TABLE = "AWS::DynamoDB::Table";

    private static Map<String, Object> table(Template template, Table spec) {
        return Resources.properties(template, TABLE, "Tables" + spec.logicalId());
    }

    private static List<Map<String, Object>> keySchema(Key partition, java.util.Optional<Key> sort) {
        List<Map<String, Object>> schema = new ArrayList<>();
        schema.add(Map.of("AttributeName", partition.name(), "KeyType", "HASH"));
        sort.ifPresent(key -> schema.add(Map.of("AttributeName", key.name(), "KeyType", "RANGE")));
        return schema;
    }

    @Test
    void thereIsExactlyOneTablePerContractTable() {
        assertThat(Resources.ofType(SynthesizedStack.withDefaults().template(), TABLE))
                .hasSize(Table.values().length);
    }

    @ParameterizedTest
    @EnumSource(Table.class)
    void keysMatchTheContract(Table spec) {
        Map<String, Object> table = table(SynthesizedStack.withDefaults().template(), spec);

        assertThat(table.get("KeySchema")).isEqualTo(keySchema(spec.partitionKey(), spec.sortKey()));
        List<Key> keys = new ArrayList<>();
        keys.add(spec.partitionKey());
        spec.sortKey().ifPresent(keys::add);
        spec.indexes().forEach(index -> {
            keys.add(index.partitionKey());
            index.sortKey().ifPresent(keys::add);
        });
        for (Key key : keys) {
            assertThat(list(table.get("AttributeDefinitions")))
                    .contains(Map.of(
                            "AttributeName",
                            key.name(),
                            "AttributeType",
                            key.type().name()));
        }
    }

    @ParameterizedTest
    @EnumSource(Table.class)
    void indexesMatchTheContractAndProjectEverything(Table spec) {
        Map<String, Object> table = table(SynthesizedStack.withDefaults().template(), spec);

        List<Object> indexes =
                table.containsKey("GlobalSecondaryIndexes") ? list(table.get("GlobalSecondaryIndexes")) : List.of();
        assertThat(indexes).hasSize(spec.indexes().size());
        for (Index index : spec.indexes()) {
            assertThat(indexes)
                    .contains(Map.of(
                            "IndexName", index.name(),
                            "KeySchema", keySchema(index.partitionKey(), index.sortKey()),
                            "Projection", Map.of("ProjectionType", "ALL")));
        }
    }

    @ParameterizedTest
    @EnumSource(Table.class)
    void isOnDemandWithTtlPointInTimeRecoveryAndAwsManagedEncryption(Table spec) {
        Map<String, Object> table = table(SynthesizedStack.withDefaults().template(), spec);

        assertThat(table.get("BillingMode")).isEqualTo("PAY_PER_REQUEST");
        assertThat(table).doesNotContainKey("ProvisionedThroughput");
        assertThat(table.get("TimeToLiveSpecification"))
                .isEqualTo(Map.of("AttributeName", spec.ttlAttribute(), "Enabled", true));
        assertThat(table.get("PointInTimeRecoverySpecification")).isEqualTo(Map.of("PointInTimeRecoveryEnabled", true));
        // SSEEnabled without a key id: the AWS-managed aws/dynamodb key.
        assertThat(table.get("SSESpecification")).isEqualTo(Map.of("SSEEnabled", true));
    }

    @Test
    void tablesAreRetainedUnlessDestroyOnRemovalIsSet() {
        Resources.ofType(SynthesizedStack.withDefaults().template(), TABLE)
                .values()
                .forEach(table -> assertThat(table.get("DeletionPolicy")).isEqualTo("Retain"));
        Resources.ofType(SynthesizedStack.withCustomSettings().template(), TABLE)
                .values()
                .forEach(table -> assertThat(table.get("DeletionPolicy")).isEqualTo("Delete"));
    }
}
