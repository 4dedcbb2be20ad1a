package io.comfyless.infra.data;

import io.comfyless.contract.Key;
import io.comfyless.contract.Table;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

/**
 * One DynamoDB table per contract {@link Table}, built from the contract's key schema and indexes so
 * the deployed tables and the local emulator's tables cannot drift. On-demand billing keeps an idle
 * stack at storage cost only; point-in-time recovery and TTL are on for every table.
 */
public final class Tables extends Construct {

    private final Map<Table, ITable> tables = new EnumMap<>(Table.class);

    public Tables(Construct scope, String id, RemovalPolicy removalPolicy) {
        super(scope, id);
        for (Table spec : Table.values()) {
            tables.put(spec, create(spec, removalPolicy));
        }
    }

    public ITable get(Table table) {
        return tables.get(table);
    }

    public Map<Table, ITable> all() {
        return Map.copyOf(tables);
    }

    private software.amazon.awscdk.services.dynamodb.Table create(Table spec, RemovalPolicy removalPolicy) {
        var builder = software.amazon.awscdk.services.dynamodb.Table.Builder.create(this, spec.logicalId())
                .partitionKey(attribute(spec.partitionKey()))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(spec.ttlAttribute())
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                // AWS-managed KMS key: encrypted at rest and auditable in CloudTrail, no key to pay for or rotate.
                .encryption(TableEncryption.AWS_MANAGED)
                .removalPolicy(removalPolicy);
        spec.sortKey().ifPresent(sortKey -> builder.sortKey(attribute(sortKey)));
        var table = builder.build();
        for (var index : spec.indexes()) {
            var indexProps = GlobalSecondaryIndexProps.builder()
                    .indexName(index.name())
                    .partitionKey(attribute(index.partitionKey()))
                    // The contract's rule: every index projects all attributes (see io.comfyless.contract.Index).
                    .projectionType(ProjectionType.ALL);
            index.sortKey().ifPresent(sortKey -> indexProps.sortKey(attribute(sortKey)));
            table.addGlobalSecondaryIndex(indexProps.build());
        }
        return table;
    }

    private static Attribute attribute(Key key) {
        AttributeType type = switch (key.type()) {
            case S -> AttributeType.STRING;
            case N -> AttributeType.NUMBER;
        };
        return Attribute.builder().name(key.name()).type(type).build();
    }
}
