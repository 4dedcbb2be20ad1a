package io.comfyless.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.comfyless.contract.Settings;
import io.comfyless.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * How a runner behaves, from its environment. Defaults suit a GPU instance beside one ComfyUI;
 * tests shorten the durations.
 *
 * @param lease          how long a claim holds without renewal before the job is presumed lost
 * @param heartbeat      how often the lease is renewed and cancellation checked (bounds cancel latency)
 * @param visibility     how long a received message stays hidden; extended while the job runs
 * @param idleWait       how long each lane's long poll waits while every lane is empty; pick-up does not
 *                       depend on it (the lanes are watched all at once), only how often an idle runner
 *                       asks SQS, and how long stopping may wait for a poll in flight
 * @param pipelineDepth  prompts kept inside ComfyUI at once: one executing, the rest queued behind it
 * @param drainGrace     on SIGTERM, how long a running job may take to finish before it is handed back
 * @param comfyuiDownLimit how long ComfyUI may be unreachable before its running job is handed back
 */
public record RunnerConfig(
        String workerId,
        URI comfyuiUrl,
        Duration lease,
        Duration heartbeat,
        Duration visibility,
        Duration idleWait,
        int pipelineDepth,
        Duration drainGrace,
        Duration comfyuiDownLimit,
        String instanceType,
        String capacity) {

    /**
     * A message must not become visible again while its job's lease is still valid, or a second runner
     * would find the job held and drop the message. Extended every third of the visibility, a message
     * has at least two thirds of it left, so that must exceed the lease. The idle wait is an SQS long
     * poll: whole seconds, at least one (an idle runner would otherwise ask without pause), at most 20.
     */
    public RunnerConfig {
        if (visibility.multipliedBy(2).dividedBy(3).compareTo(lease) <= 0) {
            throw new IllegalArgumentException(
                    "visibility (" + visibility + ") must be more than 1.5 x the lease (" + lease + ")");
        }
        if (idleWait.compareTo(Duration.ofSeconds(1)) < 0 || idleWait.compareTo(MAX_IDLE_WAIT) > 0) {
            throw new IllegalArgumentException(
                    "the idle wait (" + idleWait + ") must be from 1 to " + MAX_IDLE_WAIT.toSeconds() + " seconds");
        }
    }

    /** SQS's longest long poll. */
    static final Duration MAX_IDLE_WAIT = Duration.ofSeconds(20);

    public static final String COMFYUI_URL = "COMFYUI_URL";
    public static final String WORKER_ID = "COMFYLESS_WORKER_ID";

    /** JSON the GPU host writes at boot (instance_type, lifecycle); see infra-cdk's GpuCapacity. */
    public static final String INSTANCE_FACTS_FILE = Settings.INSTANCE_FACTS_FILE;

    /** A runner named {@code workerId} beside the ComfyUI at {@code comfyuiUrl}, with the default timings. */
    public static Builder builder(String workerId, URI comfyuiUrl) {
        return new Builder(workerId, comfyuiUrl);
    }

    public static RunnerConfig from(Function<String, String> env) {
        JsonNode facts = instanceFacts(env.apply(INSTANCE_FACTS_FILE));
        return builder(
                        Optional.ofNullable(env.apply(WORKER_ID))
                                .filter(s -> !s.isBlank())
                                .orElse("runner-" + UUID.randomUUID().toString().substring(0, 8)),
                        URI.create(Optional.ofNullable(env.apply(COMFYUI_URL)).orElse("http://127.0.0.1:8188")))
                .lease(duration(env, "COMFYLESS_LEASE_SECONDS", Builder.LEASE))
                .heartbeat(Duration.ofMillis(Long.parseLong(Optional.ofNullable(env.apply("COMFYLESS_HEARTBEAT_MS"))
                        .orElse(Long.toString(Builder.HEARTBEAT.toMillis())))))
                .visibility(duration(env, "COMFYLESS_VISIBILITY_SECONDS", Builder.VISIBILITY))
                .idleWait(duration(env, "COMFYLESS_IDLE_WAIT_SECONDS", Builder.IDLE_WAIT))
                .pipelineDepth(Integer.parseInt(Optional.ofNullable(env.apply("COMFYLESS_PIPELINE_DEPTH"))
                        .orElse(Integer.toString(Builder.PIPELINE_DEPTH))))
                .drainGrace(duration(env, "COMFYLESS_DRAIN_GRACE_SECONDS", Builder.DRAIN_GRACE))
                .comfyuiDownLimit(duration(env, "COMFYLESS_COMFYUI_DOWN_SECONDS", Builder.COMFYUI_DOWN_LIMIT))
                .instanceType(Optional.ofNullable(env.apply("COMFYLESS_INSTANCE_TYPE"))
                        .orElse(facts.path("instance_type").asText("unknown")))
                .capacity(Optional.ofNullable(env.apply("COMFYLESS_CAPACITY"))
                        .orElse(facts.path("lifecycle").asText("unknown")))
                .build();
    }

    /** Builds a configuration setting by setting; what is not set keeps its default (the README's table). */
    public static final class Builder {
        static final Duration LEASE = Duration.ofSeconds(30);
        static final Duration HEARTBEAT = Duration.ofSeconds(1);
        static final Duration VISIBILITY = Duration.ofSeconds(120);
        static final Duration IDLE_WAIT = Duration.ofSeconds(10);
        static final int PIPELINE_DEPTH = 2;
        static final Duration DRAIN_GRACE = Duration.ofSeconds(90);
        static final Duration COMFYUI_DOWN_LIMIT = Duration.ofSeconds(30);

        private final String workerId;
        private final URI comfyuiUrl;
        private Duration lease = LEASE;
        private Duration heartbeat = HEARTBEAT;
        private Duration visibility = VISIBILITY;
        private Duration idleWait = IDLE_WAIT;
        private int pipelineDepth = PIPELINE_DEPTH;
        private Duration drainGrace = DRAIN_GRACE;
        private Duration comfyuiDownLimit = COMFYUI_DOWN_LIMIT;
        private String instanceType = "unknown";
        private String capacity = "unknown";

        private Builder(String workerId, URI comfyuiUrl) {
            this.workerId = workerId;
            this.comfyuiUrl = comfyuiUrl;
        }

        public Builder lease(Duration value) {
            lease = value;
            return this;
        }

        public Builder heartbeat(Duration value) {
            heartbeat = value;
            return this;
        }

        public Builder visibility(Duration value) {
            visibility = value;
            return this;
        }

        public Builder idleWait(Duration value) {
            idleWait = value;
            return this;
        }

        public Builder pipelineDepth(int value) {
            pipelineDepth = value;
            return this;
        }

        public Builder drainGrace(Duration value) {
            drainGrace = value;
            return this;
        }

        public Builder comfyuiDownLimit(Duration value) {
            comfyuiDownLimit = value;
            return this;
        }

        public Builder instanceType(String value) {
            instanceType = value;
            return this;
        }

        public Builder capacity(String value) {
            capacity = value;
            return this;
        }

        public RunnerConfig build() {
            return new RunnerConfig(
                    workerId,
                    comfyuiUrl,
                    lease,
                    heartbeat,
                    visibility,
                    idleWait,
                    pipelineDepth,
                    drainGrace,
                    comfyuiDownLimit,
                    instanceType,
                    capacity);
        }
    }

    /** The host's facts file ({@value #INSTANCE_FACTS_FILE}): instance type, lifecycle, zone; missing locally. */
    public static JsonNode instanceFacts(Function<String, String> env) {
        return instanceFacts(env.apply(INSTANCE_FACTS_FILE));
    }

    private static JsonNode instanceFacts(String file) {
        if (file == null || !Files.isReadable(Path.of(file))) {
            return MissingNode.getInstance();
        }
        try {
            return Json.read(Files.readString(Path.of(file)));
        } catch (IOException | RuntimeException unreadable) {
            return MissingNode.getInstance();
        }
    }

    private static Duration duration(Function<String, String> env, String name, Duration otherwise) {
        return Optional.ofNullable(env.apply(name))
                .map(seconds -> Duration.ofSeconds(Long.parseLong(seconds)))
                .orElse(otherwise);
    }
}
