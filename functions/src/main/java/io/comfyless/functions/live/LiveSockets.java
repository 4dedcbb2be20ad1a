package io.comfyless.functions.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.contract.Live;
import io.comfyless.core.batch.BatchStore;
import io.comfyless.core.error.ForbiddenException;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.error.UnauthorizedException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobService;
import io.comfyless.core.json.Json;
import io.comfyless.core.live.Channel;
import io.comfyless.core.live.Connection;
import io.comfyless.core.live.ConnectionStore;
import io.comfyless.core.live.LiveMessage;
import io.comfyless.core.live.Topic;
import io.comfyless.core.tenant.Scope;
import io.comfyless.functions.auth.Authenticator;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ErrorBody;
import io.comfyless.functions.http.ErrorResponses;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The live-update WebSocket protocol, whoever carries it (API Gateway's WebSocket API, or the local
 * stack's server): a connect is authenticated like an API request (an API key or access token in
 * {@code Authorization}, or {@code ?token=} for browsers) and recorded with its tenant; each message a
 * client sends is answered with one frame; a disconnect removes the connection and its subscriptions.
 * A client can only ever subscribe to its own tenant's jobs, batches and channels: anything else,
 * and anything that does not exist, gets the same {@code not_found} frame.
 */
public final class LiveSockets {

    /** Subscriptions one connection may hold, so that a client cannot make every event cost a crowd. */
    static final int MAX_TOPICS = 100;

    private static final String SCHEME = "Bearer ";
    private static final int MAX_REQUEST_ID = 128;

    private final Authenticator authenticator;
    private final ConnectionStore connections;
    private final JobService jobs;
    private final BatchStore batches;
    private final Clock clock;

    /** The answer to a connect: 200 lets the upgrade go ahead; anything else refuses it with this body. */
    public record Admission(int status, ErrorBody error) {

        public boolean admitted() {
            return status == 200;
        }
    }

    public LiveSockets(
            Authenticator authenticator,
            ConnectionStore connections,
            JobService jobs,
            BatchStore batches,
            Clock clock) {
        this.authenticator = authenticator;
        this.connections = connections;
        this.jobs = jobs;
        this.batches = batches;
        this.clock = clock;
    }

    /**
     * {@code $connect}: who is it? Refused with the API's own 401 (403 for a credential that may read
     * nothing live) before any record is written.
     *
     * @param headers lower-case header names
     */
    public Admission connect(
            String connectionId, Map<String, String> headers, Map<String, String> query, String sourceIp) {
        ApiRequest request = upgradeRequest(headers, query, sourceIp);
        try {
            Caller caller = authenticator.authenticate(request);
            if (!caller.scopes().contains(Scope.WORKFLOWS_READ)
                    && !caller.scopes().contains(Scope.QUEUE_READ)) {
                throw new ForbiddenException("This credential may read neither executions nor the queue");
            }
            Instant now = clock.instant();
            connections.open(
                    Connection.opened(connectionId, caller.tenantId(), caller.scopes(), now),
                    now.plus(Live.CONNECTION_TTL));
            return new Admission(200, null);
        } catch (RuntimeException refused) {
            ErrorBody error = ErrorResponses.bodyOf(refused, request);
            return new Admission(error.code(), error);
        }
    }

    /** {@code $disconnect}: forgets the connection and what it subscribed to. */
    public void disconnect(String connectionId) {
        connections.close(connectionId);
    }

    /**
     * A message from the client; the answer is always one frame, and the connection stays open. A
     * {@code request_id} the client sent comes back in the answer's {@code data}, errors included.
     */
    public String receive(String connectionId, String body) {
        Optional<String> requestId = clientRequestId(body);
        ApiRequest request = messageRequest(body, requestId.orElseGet(LiveSockets::newRequestId));
        try {
            Connection connection = connections
                    .find(connectionId)
                    .orElseThrow(() -> new UnauthorizedException("This connection is no longer registered; reconnect"));
            JsonNode message = request.json();
            if (!message.isObject()) {
                throw ValidationException.of("INVALID_VALUE", "body", "A message must be a JSON object with a 'type'");
            }
            String type = message.path("type").asText("");
            String echo = requestId.orElse(null);
            return switch (type) {
                case Live.SUBSCRIBE_ROUTE ->
                    subscribe(connection, message, echo).json();
                case Live.UNSUBSCRIBE_ROUTE ->
                    unsubscribe(connection, message, echo).json();
                case "ping" -> reply(LiveMessage.PONG, echo, Json.object()).json();
                default ->
                    throw ValidationException.of(
                            "INVALID_VALUE",
                            "type",
                            "Unknown message type '" + type + "'; send subscribe, unsubscribe or ping");
            };
        } catch (RuntimeException refused) {
            return LiveMessage.reply(LiveMessage.ERROR, clock.instant(), ErrorResponses.bodyOf(refused, request))
                    .json();
        }
    }

    private LiveMessage subscribe(Connection connection, JsonNode message, String requestId) {
        List<Topic> topics = targets(connection, message);
        if (connection.topics().size() + topics.size() > MAX_TOPICS) {
            throw ValidationException.of(
                    "TOO_MANY_SUBSCRIPTIONS", "type", "A connection may hold at most " + MAX_TOPICS + " subscriptions");
        }
        ArrayNode executions = Json.mapper().createArrayNode();
        for (Topic topic : topics) {
            check(connection, topic).ifPresent(executions::add);
        }
        Instant expires = clock.instant().plus(Live.CONNECTION_TTL);
        for (Topic topic : topics) {
            if (!connections.subscribe(connection.id(), topic, expires)) {
                throw new UnauthorizedException("This connection is no longer registered; reconnect");
            }
        }
        ObjectNode data = acknowledged(topics);
        if (!executions.isEmpty()) {
            data.set("executions", executions);
        }
        return reply(LiveMessage.SUBSCRIBED, requestId, data);
    }

    private LiveMessage unsubscribe(Connection connection, JsonNode message, String requestId) {
        List<Topic> topics = targets(connection, message);
        topics.forEach(topic -> connections.unsubscribe(connection.id(), topic));
        return reply(LiveMessage.UNSUBSCRIBED, requestId, acknowledged(topics));
    }

    /**
     * The topics a message names ({@code execution_id}, {@code execution_ids}, {@code batch_id},
     * {@code channels}), all in the connection's own tenant.
     */
    private List<Topic> targets(Connection connection, JsonNode message) {
        Set<Topic> topics = new LinkedHashSet<>();
        String tenant = connection.tenant();
        ids(message, "execution_id").forEach(id -> topics.add(Topic.job(tenant, id)));
        ids(message, "execution_ids").forEach(id -> topics.add(Topic.job(tenant, id)));
        ids(message, "batch_id").forEach(id -> topics.add(Topic.batch(tenant, id)));
        for (String name : ids(message, "channels")) {
            Channel channel = Channel.fromWire(name.toLowerCase(Locale.ROOT))
                    .orElseThrow(() -> ValidationException.of(
                            "INVALID_VALUE",
                            "channels",
                            "Unknown channel '" + name + "'; channels are " + Channel.allowedValues()));
            topics.add(Topic.channel(tenant, channel));
        }
        if (topics.isEmpty()) {
            throw ValidationException.of(
                    "REQUIRED_FIELD",
                    "execution_id",
                    "Name what to follow: execution_id, execution_ids, batch_id or channels");
        }
        return new ArrayList<>(topics);
    }

    /** Strings from a field that holds one or a list of them; anything else is a client mistake. */
    private static List<String> ids(JsonNode message, String field) {
        JsonNode value = message.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        if (value.isTextual() && !value.asText().isBlank()) {
            ids.add(value.asText());
        } else if (value.isArray()) {
            value.forEach(item -> {
                if (!item.isTextual() || item.asText().isBlank()) {
                    throw ValidationException.of("INVALID_TYPE", field, field + " must hold non-empty strings");
                }
                ids.add(item.asText());
            });
        } else {
            throw ValidationException.of(
                    "INVALID_TYPE", field, field + " must be a non-empty string or a list of them");
        }
        return ids;
    }

    /**
     * Whether the connection may follow {@code topic}: the scope for it, and a job or batch that exists
     * in its tenant (another tenant's id is as unknown as a made-up one). For a job, its state now.
     */
    private Optional<ObjectNode> check(Connection connection, Topic topic) {
        Scope needed = topic.name().startsWith("job:") || topic.name().startsWith("batch:")
                ? Scope.WORKFLOWS_READ
                : Channel.fromWire(topic.name()).map(Channel::scope).orElse(Scope.WORKFLOWS_READ);
        if (!connection.scopes().contains(needed)) {
            throw new ForbiddenException("This credential lacks the '" + needed.wire() + "' scope");
        }
        if (topic.name().startsWith("job:")) {
            Job job = jobs.get(connection.tenant(), topic.name().substring("job:".length()));
            return Optional.of(snapshot(job));
        }
        if (topic.name().startsWith("batch:")) {
            String id = topic.name().substring("batch:".length());
            batches.find(id)
                    .filter(batch -> batch.tenant().equals(connection.tenant()))
                    .orElseThrow(() -> NotFoundException.of("Batch", id));
        }
        return Optional.empty();
    }

    /** Where a job stands as the client subscribes, so that one that already ended is not waited for. */
    private static ObjectNode snapshot(Job job) {
        ObjectNode state = Json.object()
                .put("execution_id", job.id())
                .put("status", job.status().wire())
                .put("attempt", job.attempt());
        if (job.progress() != null) {
            state.put("percentage", job.progress().percentage());
        }
        if (job.completedAt() != null) {
            state.put("completed_at", job.completedAt().toString());
        }
        if (job.error() != null) {
            state.put("error", job.error().message())
                    .put("error_code", job.error().code());
        }
        return state;
    }

    private static ObjectNode acknowledged(List<Topic> topics) {
        ObjectNode data = Json.object();
        ArrayNode names = data.putArray("topics");
        topics.forEach(topic -> names.add(topic.wire()));
        return data;
    }

    private LiveMessage reply(String type, String requestId, ObjectNode data) {
        if (requestId != null) {
            data.put("request_id", requestId);
        }
        return LiveMessage.reply(type, clock.instant(), data);
    }

    /**
     * The upgrade as an API request, so the API's authenticator reads it: {@code ?token=} stands for the
     * {@code Authorization} header browsers cannot set on a WebSocket.
     */
    private static ApiRequest upgradeRequest(Map<String, String> headers, Map<String, String> query, String sourceIp) {
        Map<String, String> lowerCase = new HashMap<>();
        headers.forEach((name, value) -> lowerCase.put(name.toLowerCase(Locale.ROOT), value));
        String token = query.get("token");
        if (!lowerCase.containsKey("authorization") && token != null && !token.isBlank()) {
            lowerCase.put("authorization", SCHEME + token);
        }
        return ApiRequest.text("GET", Live.LOCAL_PATH, lowerCase, null, newRequestId(), sourceIp);
    }

    private static ApiRequest messageRequest(String body, String requestId) {
        return ApiRequest.text("POST", Live.LOCAL_PATH, Map.of(), body, requestId, null);
    }

    /** The client's own {@code request_id}, when the message is JSON and carries a short one. */
    private static Optional<String> clientRequestId(String body) {
        try {
            JsonNode id = Json.read(body).path("request_id");
            return id.isTextual() && !id.asText().isBlank() && id.asText().length() <= MAX_REQUEST_ID
                    ? Optional.of(id.asText())
                    : Optional.empty();
        } catch (RuntimeException notJson) {
            return Optional.empty();
        }
    }

    /** Error frames name a request id, as error bodies do; a message has none of its own. */
    private static String newRequestId() {
        return "ws_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
