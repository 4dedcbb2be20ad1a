package io.comfyless.core.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.catalog.ValidationLevel;
import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.error.UnprocessableWorkflowException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.json.Fields;
import io.comfyless.core.net.UrlGuard;
import io.comfyless.core.template.TemplateCatalog;
import io.comfyless.core.workflow.InputOverrides;
import io.comfyless.core.workflow.OverrideResult;
import io.comfyless.core.workflow.Workflow;
import io.comfyless.core.workflow.WorkflowNormalizer;
import io.comfyless.core.workflow.WorkflowValidator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads a job submission in any of the accepted shapes into one {@link JobRequest}:
 * <ul>
 *   <li>seed 002's {@code POST /v1/workflows/execute} body ({@code workflow}, {@code input_overrides},
 *       {@code output_config}, {@code execution_config}, {@code notification_config});</li>
 *   <li>seed 001's variant (top-level {@code priority}, {@code webhook_url}, {@code metadata},
 *       {@code timeout_minutes});</li>
 *   <li>seed 000's task ({@code workflow_id}, {@code priority}, {@code payload}), where the payload is
 *       either a workflow graph or the parameters of the saved template named by {@code workflow_id}.</li>
 * </ul>
 * Everything is checked here, before anything is stored or queued.
 */
public final class JobRequestParser {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_ID_LENGTH = 128;
    /** What {@code X-Webhook-URL} may hold; the URL itself is then checked like any webhook URL. */
    private static final Pattern WEBHOOK_HEADER = Pattern.compile("https?://\\S+");

    private final WorkflowValidator validator;
    private final InputOverrides overrides;
    private final TemplateCatalog templates;
    private final UrlGuard webhookGuard;

    /** Webhook URLs must be https and may not point inward ({@link UrlGuard#strict()}). */
    public JobRequestParser(WorkflowValidator validator, InputOverrides overrides, TemplateCatalog templates) {
        this(validator, overrides, templates, UrlGuard.strict());
    }

    /**
     * @param webhookGuard checks webhook URLs at submission, without DNS (a 400 for an address that
     *                     is inward by its spelling); delivery checks them again after resolution
     */
    public JobRequestParser(
            WorkflowValidator validator, InputOverrides overrides, TemplateCatalog templates, UrlGuard webhookGuard) {
        this.validator = validator;
        this.overrides = overrides;
        this.templates = templates;
        this.webhookGuard = webhookGuard;
    }

    /** How far submissions are checked now: {@code catalog} once runners have published their node catalogue. */
    public ValidationLevel validationLevel() {
        return validator.level();
    }

    /** Seed 001/002 body. {@code headers} are lower-case HTTP headers ({@code x-webhook-url}, {@code x-client-id}). */
    public JobRequest parseExecution(String owner, JsonNode body, Map<String, String> headers) {
        return parseExecution(owner, body, headers, ExecutionConfig.MAX_TIMEOUT);
    }

    /**
     * As {@link #parseExecution(String, JsonNode, Map)}, for a caller whose tier caps the execution
     * timeout: a larger one is a 400 naming the field, and the default shrinks to fit.
     */
    public JobRequest parseExecution(String owner, JsonNode body, Map<String, String> headers, Duration timeoutLimit) {
        requireObject(body);
        JsonNode execution = Fields.object(body, "execution_config", "execution_config");
        JsonNode notification = Fields.object(body, "notification_config", "notification_config");
        Workflow workflow = resolveWorkflow(owner, body.get("workflow"), body.path("workflow_id"), "workflow");
        OverrideResult applied = overrides.apply(workflow, body.get("input_overrides"), "input_overrides");
        validator.validate(applied.workflow());
        JsonNode priority = execution.has("priority") ? execution.get("priority") : body.get("priority");
        String webhook = Fields.text(notification, "webhook_url", "notification_config.webhook_url")
                .or(() -> Fields.text(body, "webhook_url", "webhook_url"))
                .orElse(webhookHeader(headers));
        return JobRequest.builder(applied.workflow())
                .seed(applied.seed().orElse(null))
                .workflowId(optionalId(body.path("workflow_id"), "workflow_id"))
                .priority(
                        Priority.parse(priority, execution.has("priority") ? "execution_config.priority" : "priority"))
                .execution(executionConfig(body, execution, timeoutLimit))
                .notification(notification(webhook, notification))
                .outputConfig(outputConfig(body.get("output_config"), notification))
                .metadata(objectOrNull(body.get("metadata"), "metadata"))
                .clientId(Optional.ofNullable(firstText(text(headers.get("x-client-id"))))
                        .or(() -> Fields.text(body, "client_id", "client_id"))
                        .orElse(null))
                .requestHash(hash("execute", body))
                .build();
    }

    /** Seed 000 task body. */
    public JobRequest parseTask(String owner, JsonNode body) {
        return parseTask(owner, body, ExecutionConfig.MAX_TIMEOUT);
    }

    /** As {@link #parseTask(String, JsonNode)}, with the caller's timeout limit. */
    public JobRequest parseTask(String owner, JsonNode body, Duration timeoutLimit) {
        requireObject(body);
        JsonNode workflowId = body.get("workflow_id");
        if (workflowId == null
                || workflowId.isNull()
                || (workflowId.isTextual() && workflowId.asText().isBlank())) {
            throw ValidationException.of(ErrorCodes.REQUIRED_FIELD, "workflow_id", "workflow_id is required");
        }
        String id = optionalId(workflowId, "workflow_id");
        JsonNode payload = body.get("payload");
        if (payload == null || !payload.isObject()) {
            throw ValidationException.of(
                    ErrorCodes.REQUIRED_FIELD, "payload", "payload is required and must be an object");
        }
        Workflow workflow;
        JsonNode parameters = null;
        if (isGraph(payload)) {
            workflow = WorkflowNormalizer.normalize(payload, "payload");
        } else {
            workflow = templates
                    .find(owner, id)
                    .orElseThrow(() -> new UnprocessableWorkflowException(
                            "workflow_id '" + id + "' is not a saved template, and payload is not a workflow graph",
                            List.of(ErrorDetail.field(
                                    ErrorCodes.UNKNOWN_WORKFLOW,
                                    "workflow_id",
                                    "Send the workflow graph as payload, or name a template from GET /v1/templates"))));
            parameters = payload;
        }
        OverrideResult applied = overrides.apply(workflow, parameters, "payload");
        validator.validate(applied.workflow());
        return JobRequest.builder(applied.workflow())
                .seed(applied.seed().orElse(null))
                .workflowId(id)
                .priority(Priority.parse(body.get("priority"), "priority"))
                .execution(executionConfig(
                        body, Fields.object(body, "execution_config", "execution_config"), timeoutLimit))
                .notification(notification(
                        Fields.text(
                                        Fields.object(body, "notification_config", "notification_config"),
                                        "webhook_url",
                                        "notification_config.webhook_url")
                                .or(() -> Fields.text(body, "webhook_url", "webhook_url"))
                                .orElse(null),
                        Fields.object(body, "notification_config", "notification_config")))
                .metadata(objectOrNull(body.get("metadata"), "metadata"))
                .requestHash(hash("task", body))
                .build();
    }

    private Workflow resolveWorkflow(String owner, JsonNode workflow, JsonNode workflowId, String field) {
        if ((workflow == null || workflow.isNull()) && workflowId.isTextual()) {
            String id = workflowId.asText();
            return templates
                    .find(owner, id)
                    .orElseThrow(() -> new UnprocessableWorkflowException(
                            "workflow_id '" + id + "' is not a saved template",
                            List.of(ErrorDetail.field(
                                    ErrorCodes.UNKNOWN_WORKFLOW, "workflow_id", "No template with this id"))));
        }
        return WorkflowNormalizer.normalize(workflow, field);
    }

    /** A graph is a wrapper with nodes, or an object whose every value is a node with a class_type. */
    private static boolean isGraph(JsonNode payload) {
        if (payload.has("nodes")
                || payload.has("prompt") && payload.get("prompt").isObject()) {
            return true;
        }
        if (payload.isEmpty()) {
            return false;
        }
        for (Iterator<JsonNode> it = payload.elements(); it.hasNext(); ) {
            JsonNode value = it.next();
            if (!value.isObject() || !value.has("class_type")) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code execution_config.timeout} wins over {@code timeout_minutes} when both are given, but
     * both are checked: a value out of range is a mistake whether or not it is the one used.
     */
    private static ExecutionConfig executionConfig(JsonNode body, JsonNode execution, Duration timeoutLimit) {
        Duration timeout = ExecutionConfig.DEFAULT_TIMEOUT.compareTo(timeoutLimit) > 0
                ? timeoutLimit
                : ExecutionConfig.DEFAULT_TIMEOUT;
        if (body.hasNonNull("timeout_minutes")) {
            timeout = timeout(body.get("timeout_minutes"), "timeout_minutes", ChronoUnit.MINUTES, timeoutLimit);
        }
        if (execution.has("timeout")) {
            timeout = timeout(execution.get("timeout"), "execution_config.timeout", ChronoUnit.SECONDS, timeoutLimit);
        }
        int retries = execution.has("retry_attempts")
                ? (int) boundedInt(
                        execution.get("retry_attempts"),
                        "execution_config.retry_attempts",
                        0,
                        ExecutionConfig.MAX_RETRY_ATTEMPTS)
                : ExecutionConfig.DEFAULT_RETRY_ATTEMPTS;
        return new ExecutionConfig(timeout, retries);
    }

    /** The secret is checked even without a URL to use it with: a short secret is a mistake either way. */
    private Notification notification(String webhookUrl, JsonNode config) {
        boolean progress = Fields.bool(config, "include_progress", "notification_config.include_progress")
                .orElse(false);
        JsonNode secret = config.get("webhook_secret");
        if (secret != null
                && !secret.isNull()
                && (!secret.isTextual() || secret.asText().length() < 8)) {
            throw ValidationException.of(
                    ErrorCodes.INVALID_VALUE,
                    "notification_config.webhook_secret",
                    "webhook_secret must be a string of at least 8 characters");
        }
        if (webhookUrl == null) {
            return null;
        }
        webhookGuard.checkWithoutResolving(webhookUrl, "notification_config.webhook_url");
        return new Notification(webhookUrl, secret == null || secret.isNull() ? null : secret.asText(), progress);
    }

    /** A timeout given as a whole number of {@code unit}s: at least one, at most the maximum and the limit. */
    private static Duration timeout(JsonNode value, String field, ChronoUnit unit, Duration limit) {
        long most = ExecutionConfig.MAX_TIMEOUT.dividedBy(unit.getDuration());
        return withinLimit(Duration.of(boundedInt(value, field, 1, most), unit), limit, field);
    }

    private static Duration withinLimit(Duration timeout, Duration limit, String field) {
        if (timeout.compareTo(limit) > 0) {
            throw ValidationException.of(
                    ErrorCodes.TIER_LIMIT_EXCEEDED,
                    field,
                    field + " asks for " + timeout.toSeconds() + " s; this tier allows executions of at most "
                            + limit.toSeconds() + " s");
        }
        return timeout;
    }

    private static long boundedInt(JsonNode value, String field, long min, long max) {
        if (value == null || !value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            throw ValidationException.of(
                    ErrorCodes.INVALID_VALUE, field, field + " must be an integer from " + min + " to " + max);
        }
        return value.asLong();
    }

    private static String optionalId(JsonNode value, String field) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (!value.isTextual() || value.asText().length() > MAX_ID_LENGTH) {
            throw ValidationException.of(
                    ErrorCodes.INVALID_VALUE,
                    field,
                    field + " must be a string of at most " + MAX_ID_LENGTH + " characters");
        }
        return value.asText();
    }

    /**
     * {@code output_config}, carrying seed 002's {@code notification_config.include_intermediate}
     * too: keeping intermediate (PreviewImage) files is a question of what is stored, which the
     * runner reads from the output configuration.
     */
    private static JsonNode outputConfig(JsonNode given, JsonNode notification) {
        JsonNode config = objectOrNull(given, "output_config");
        if (!Fields.bool(notification, "include_intermediate", "notification_config.include_intermediate")
                .orElse(false)) {
            return config;
        }
        ObjectNode merged = config == null ? NODES.objectNode() : ((ObjectNode) config).deepCopy();
        merged.put("include_intermediate", true);
        return merged;
    }

    private static JsonNode objectOrNull(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw ValidationException.of(ErrorCodes.INVALID_TYPE, field, field + " must be an object");
        }
        return value;
    }

    private static JsonNode text(String value) {
        return value == null ? null : NODES.textNode(value);
    }

    /**
     * The {@code X-Webhook-URL} header, checked whenever it is sent (not only when the body names no webhook), so a
     * malformed one is a 400 rather than silently ignored.
     */
    private static String webhookHeader(Map<String, String> headers) {
        String header = firstText(text(headers.get("x-webhook-url")));
        if (header != null && !WEBHOOK_HEADER.matcher(header).matches()) {
            throw ValidationException.of(
                    ErrorCodes.INVALID_VALUE, "X-Webhook-URL", "X-Webhook-URL must be an http(s) URL");
        }
        return header;
    }

    private static String firstText(JsonNode... candidates) {
        for (JsonNode candidate : candidates) {
            if (candidate != null
                    && candidate.isTextual()
                    && !candidate.asText().isBlank()) {
                return candidate.asText().trim();
            }
        }
        return null;
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ValidationException.of(ErrorCodes.INVALID_TYPE, "body", "The request body must be a JSON object");
        }
    }

    /** SHA-256 of the body with object keys sorted, so key order does not change the identity. */
    static String hash(String kind, JsonNode body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(kind.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(canonical(body).toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            node.fields().forEachRemaining(e -> sorted.put(e.getKey(), canonical(e.getValue())));
            ObjectNode out = NODES.objectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            var out = NODES.arrayNode();
            node.forEach(element -> out.add(canonical(element)));
            return out;
        }
        return node;
    }
}
