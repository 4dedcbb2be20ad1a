package io.comfyless.contract;

import java.util.List;
import java.util.Optional;

/**
 * Every DynamoDB table the stack owns. The CDK app creates them from these specs and the local
 * stack provisions the emulator from the same specs, so the two cannot drift.
 */
public enum Table {
    /**
     * Jobs, keyed by execution id, plus idempotency records ({@code idem#...}). The {@code watch}
     * index is sparse: it holds only jobs something must keep an eye on (a running job's lease, a
     * pending job whose queue message is not yet confirmed), ordered by the moment to act.
     */
    JOBS(
            "jobs",
            Key.string(Attributes.PK),
            Optional.empty(),
            List.of(
                    Index.of(Indexes.BY_OWNER, Key.string("owner"), Key.number("created_at")),
                    Index.of(Indexes.BY_OWNER_STATUS, Key.string("owner_status"), Key.number("created_at")),
                    Index.of(Indexes.BY_BATCH, Key.string("batch_id"), Key.number("created_at")),
                    Index.of(Indexes.WATCH, Key.string("watch"), Key.number("deadline")))),

    /** GPU runner records: heartbeat, state, current job. Expire by TTL when a runner goes silent. */
    WORKERS("workers", Key.string(Attributes.PK), Optional.empty(), List.of()),

    /** Batches started from S3 manifests, their per-line results, and manifest de-duplication records. */
    BATCHES("batches", Key.string(Attributes.PK), Optional.of(Key.string(Attributes.SK)), List.of()),

    /** Saved workflows (templates) and schedules, per tenant. */
    CATALOG("catalog", Key.string(Attributes.PK), Optional.of(Key.string(Attributes.SK)), List.of()),

    /** Tenants, API key hashes, users and rate-limit counters. */
    TENANTS(
            "tenants",
            Key.string(Attributes.PK),
            Optional.of(Key.string(Attributes.SK)),
            List.of(Index.of(Indexes.BY_KEY_HASH, Key.string("key_hash"), Key.string(Attributes.PK)))),

    /**
     * Live-update WebSocket connections ({@code conn#<id>}) and their subscriptions, one partition per
     * tenant and topic ({@code sub#<tenant>#<topic>}, one item per connection). Both expire by TTL a
     * little after API Gateway's two-hour limit on a connection, so a missed disconnect cleans itself up.
     */
    CONNECTIONS("connections", Key.string(Attributes.PK), Optional.of(Key.string(Attributes.SK)), List.of());

    private final String suffix;
    private final Key partitionKey;
    private final Optional<Key> sortKey;
    private final List<Index> indexes;

    Table(String suffix, Key partitionKey, Optional<Key> sortKey, List<Index> indexes) {
        this.suffix = suffix;
        this.partitionKey = partitionKey;
        this.sortKey = sortKey;
        this.indexes = indexes;
    }

    public Key partitionKey() {
        return partitionKey;
    }

    public Optional<Key> sortKey() {
        return sortKey;
    }

    public List<Index> indexes() {
        return indexes;
    }

    /** Every table expires items through this attribute (epoch seconds). */
    public String ttlAttribute() {
        return Attributes.EXPIRES_AT;
    }

    /** The environment variable through which deployed code learns this table's physical name. */
    public String envVar() {
        return "COMFYLESS_TABLE_" + name();
    }

    /** The physical name used by the local stack, where names are chosen rather than generated. */
    public String localName(String prefix) {
        return prefix + "-" + suffix;
    }

    /** Construct id in the CDK app. */
    public String logicalId() {
        return Names.pascal(suffix) + "Table";
    }

    /** Attribute names shared by every table. */
    public static final class Attributes {
        public static final String PK = "pk";
        public static final String SK = "sk";
        public static final String EXPIRES_AT = "expires_at";

        private Attributes() {}
    }

    /** Index names, so code that queries them and code that creates them spell them the same way. */
    public static final class Indexes {
        public static final String BY_OWNER = "by_owner";
        public static final String BY_OWNER_STATUS = "by_owner_status";
        public static final String BY_BATCH = "by_batch";
        public static final String WATCH = "watch";
        public static final String BY_KEY_HASH = "by_key_hash";

        private Indexes() {}
    }
}
