package io.comfyless.core.tenant;
/**
 * Per-tenant count of jobs that are pending or running. Changed by one atomic write per job
 * creation and per job end, so that concurrent submissions can never take a tenant past its
 * tier's limit.
 */
public interface UnfinishedJobs {

    /** Counts one more job if the tenant has fewer than {@code limit}; {@code false} when full. */
    boolean tryAdd(String tenantId, int limit);

    /** Counts one more job whatever the count: for tenants without a tier (a stack without authentication). */
    void add(String tenantId);

    /** Counts one job fewer; never below zero. */
    void remove(String tenantId);

    long count(String tenantId);

    /** Sets the count to {@code actual} if it is still {@code expected}; {@code false} if it moved meanwhile. */
    boolean correct(String tenantId, long expected, long actual);
}
