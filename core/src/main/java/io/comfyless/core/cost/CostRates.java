package io.comfyless.core.cost;

import io.comfyless.contract.Bucket;

/**
 * The list prices that turn a job's outputs into storage and transfer estimates: S3 Standard in
 * us-east-1 ($0.023 per GB-month), kept for the outputs' whole retention, and data transfer out to
 * the internet ($0.09 per GB, the first-10-TB tier), as if every output were downloaded once.
 * Estimates, not bills: other regions, tiers, free allowances and repeated downloads differ.
 */
public record CostRates(double storagePerGbMonth, double transferPerGb, double retentionMonths) {

    public static final CostRates AWS_LIST = new CostRates(0.023, 0.09, Bucket.OUTPUT_RETENTION.toDays() / 30.0);
}
