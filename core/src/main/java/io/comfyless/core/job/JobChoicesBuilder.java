package io.comfyless.core.job;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The members a client chooses for a job (its seed, priority, limits, notification, outputs, metadata
 * and ids), set the same way on a {@link JobRequest} and on the {@link Job} made from it. Unset,
 * priority is normal and the limits are the defaults.
 *
 * @param <B> the builder itself, so that calls chain
 */
abstract class JobChoicesBuilder<B extends JobChoicesBuilder<B>> {

    Long seed;
    String workflowId;
    Priority priority = Priority.NORMAL;
    ExecutionConfig execution = ExecutionConfig.defaults();
    Notification notification;
    JsonNode outputConfig;
    JsonNode metadata;
    String clientId;

    abstract B self();

    public B seed(Long value) {
        seed = value;
        return self();
    }

    public B workflowId(String value) {
        workflowId = value;
        return self();
    }

    public B priority(Priority value) {
        priority = value;
        return self();
    }

    public B execution(ExecutionConfig value) {
        execution = value;
        return self();
    }

    public B notification(Notification value) {
        notification = value;
        return self();
    }

    public B outputConfig(JsonNode value) {
        outputConfig = value;
        return self();
    }

    public B metadata(JsonNode value) {
        metadata = value;
        return self();
    }

    public B clientId(String value) {
        clientId = value;
        return self();
    }
}
