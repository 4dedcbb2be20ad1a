package io.comfyless.core.events;

/** The {@code detail} of an event about one job: whose it is, and the batch it belongs to (null if none). */
public interface JobEventDetail {

    String executionId();

    String tenant();

    String batchId();
}
