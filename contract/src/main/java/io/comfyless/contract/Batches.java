package io.comfyless.contract;

/**
 * How batch manifests reach the batch function. A manifest is a JSONL file uploaded under
 * {@code batches/incoming/<tenant>/<name>.jsonl}; a key directly under the prefix belongs to
 * {@link #DEFAULT_TENANT}. S3 puts "Object Created" on the account's default bus; one rule there
 * matches the bucket and prefix. In AWS it targets the batch function; the local stack targets
 * {@link Queue#BATCH_EVENTS} and drains it into the same handler.
 */
public final class Batches {

    /** The tenant of manifests uploaded without a tenant folder, and of a stack without authentication. */
    public static final String DEFAULT_TENANT = "default";

    public static final String RULE_LOGICAL_ID = "BatchManifestRule";

    private Batches() {}

    public static String localRuleName(String prefix) {
        return prefix + "-batch-manifests";
    }

    /** The rule's event pattern, for the CDK app and the local stack alike. */
    public static String manifestEventPattern(String bucket) {
        return "{\"source\":[\"" + Events.S3_SOURCE + "\"],\"detail-type\":[\"" + Events.S3_OBJECT_CREATED + "\"],"
                + "\"detail\":{\"bucket\":{\"name\":[\"" + bucket + "\"]},"
                + "\"object\":{\"key\":[{\"prefix\":\"" + Bucket.BATCH_INCOMING_PREFIX + "\"}]}}}";
    }
}
