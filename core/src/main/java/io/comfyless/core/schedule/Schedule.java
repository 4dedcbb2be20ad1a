package io.comfyless.core.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A saved template submitted on a schedule, with its input overrides.
 *
 * @param expression an EventBridge Scheduler expression ({@code cron(...)}, {@code rate(...)}, {@code at(...)})
 * @param timezone   IANA zone the expression's wall-clock times are in
 * @param overrides  the {@code input_overrides} of every submission; may be null
 * @param priority   the submissions' priority as the API accepts it; may be null
 */
public record Schedule(
        String id,
        String tenant,
        String templateId,
        String expression,
        String timezone,
        JsonNode overrides,
        JsonNode priority,
        String description,
        Instant createdAt) {}
