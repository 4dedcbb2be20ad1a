package io.comfyless.contract;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Live updates: the WebSocket API clients connect to, and how events reach it. A rule on the job bus
 * matching {@link #eventPattern()} puts every job, download and fleet event on
 * {@link Queue#LIVE_EVENTS}; the fan-out reads that queue and posts to subscribed connections through
 * the API's management endpoint ({@link #ENDPOINT_ENV_VAR}). The local stack uses the same rule and
 * queue, and serves the same protocol at {@link #LOCAL_PATH} on the API's own port.
 */
public final class Live {

    /**
     * The WebSocket API's management endpoint ({@code https://<api>.execute-api.<region>.amazonaws.com/<stage>}),
     * through which the fan-out posts to connections.
     */
    public static final String ENDPOINT_ENV_VAR = "COMFYLESS_LIVE_ENDPOINT";

    /** Where the local stack accepts WebSocket upgrades. */
    public static final String LOCAL_PATH = "/ws";

    /** The deployed WebSocket API's one stage; its URL is {@code wss://<api>.execute-api.<region>.amazonaws.com/live}. */
    public static final String STAGE = "live";

    /** API Gateway picks a route by the {@code type} field of each message a client sends. */
    public static final String ROUTE_SELECTION_EXPRESSION = "$request.body.type";

    public static final String CONNECT_ROUTE = "$connect";
    public static final String DISCONNECT_ROUTE = "$disconnect";
    public static final String DEFAULT_ROUTE = "$default";
    public static final String SUBSCRIBE_ROUTE = "subscribe";
    public static final String UNSUBSCRIBE_ROUTE = "unsubscribe";

    /**
     * How long connection and subscription records live: API Gateway closes every connection after two
     * hours, and a disconnect that never reached the function must not leave records behind for long.
     */
    public static final Duration CONNECTION_TTL = Duration.ofHours(2).plusMinutes(10);

    public static final String RULE_LOGICAL_ID = "LiveEventsRule";

    /** The detail types the fan-out turns into messages. */
    public static final List<String> DETAIL_TYPES = List.of(
            Events.JOB_STATE_CHANGE,
            Events.JOB_PROGRESS,
            Events.JOB_PREVIEW,
            Events.MODEL_DOWNLOAD_CHANGE,
            Events.WORKER_STATE_CHANGE);

    private Live() {}

    public static String localRuleName(String prefix) {
        return prefix + "-live-events";
    }

    /** The rule's event pattern on the job bus, for the CDK app and the local stack alike. */
    public static String eventPattern() {
        return "{\"source\":[\"" + Events.SOURCE + "\"],\"detail-type\":["
                + DETAIL_TYPES.stream().map(type -> "\"" + type + "\"").collect(Collectors.joining(","))
                + "]}";
    }
}
