package io.comfyless.core.worker;

import java.time.Instant;

/**
 * The {@code detail} of a "Worker State Change" event: which runner, its new state and its kind of
 * capacity. Not the job it runs, which belongs to some tenant: the fleet is shown to every tenant.
 */
public record WorkerStateChangeDetail(
        String workerId, String state, String previousState, String instanceType, String capacity, Instant at) {}
