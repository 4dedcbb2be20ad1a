package io.comfyless.infra.api;

import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;

/**
 * The throttle of both API stages: a ceiling against runaway clients and surprise bills, far above what one
 * GPU fleet can absorb. On the WebSocket stage it counts clients' messages; events pushed by the fan-out do
 * not count.
 */
final class StageThrottle {

    static final int RATE_LIMIT_PER_SECOND = 100;

    static final int BURST_LIMIT = 200;

    private StageThrottle() {}

    static ThrottleSettings settings() {
        return ThrottleSettings.builder()
                .rateLimit(RATE_LIMIT_PER_SECOND)
                .burstLimit(BURST_LIMIT)
                .build();
    }
}
