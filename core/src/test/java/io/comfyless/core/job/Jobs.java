package io.comfyless.core.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.json.Json;
import io.comfyless.core.workflow.Workflow;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Jobs for store and service tests. */
final class Jobs {

    private Jobs() {}

    static Workflow tinyWorkflow() {
        return Workflow.of((ObjectNode) Json.read("{\"1\":{\"class_type\":\"EmptyImage\",\"inputs\":{\"width\":8}}}"));
    }

    static Job pending(String owner, Instant createdAt) {
        return Job.builder()
                .id("exec_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20))
                .owner(owner)
                .workflow(tinyWorkflow())
                .createdAt(createdAt.truncatedTo(ChronoUnit.MILLIS))
                .build();
    }
}
