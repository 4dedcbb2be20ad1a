package io.comfyless.core.job;

import io.comfyless.contract.Table;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The jobs table's item layout, for adapters outside this package that write or read job items
 * in their own DynamoDB calls (a batch ingest creates many jobs in one transaction with its own
 * bookkeeping). Everything else goes through {@link JobStore}.
 */
public final class JobItemCodec {

    /** The attribute the {@link Table.Indexes#BY_BATCH} index is keyed on. */
    public static final String BATCH_ID = JobItem.BATCH_ID;

    public static final String STATUS = JobItem.STATUS;

    private JobItemCodec() {}

    /**
     * A new job's item. Unlike {@link DynamoJobStore#create}, it is not watched for a lost queue
     * send: the caller owns that (a batch ingest re-sends on resume).
     */
    public static Map<String, AttributeValue> newItem(Job job) {
        return JobItem.toItem(job);
    }

    public static Job fromItem(Map<String, AttributeValue> item) {
        return JobItem.fromItem(item);
    }
}
