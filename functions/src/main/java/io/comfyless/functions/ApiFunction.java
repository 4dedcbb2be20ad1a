package io.comfyless.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.Router;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The API Lambda: an API Gateway HTTP API (payload 2.0) event in, the router's answer out.
 *
 * <p>It takes the raw event stream and reads it with the Lambda runtime's own serializer. Declared
 * with the event type instead, Spring Cloud Function's adapter first inspects the request body
 * itself: it logs the whole event (headers included) and fails on bodies such as {@code []}, so a
 * client mistake would become a 500.
 */
public final class ApiFunction implements Function<InputStream, APIGatewayV2HTTPResponse> {

    private static final PojoSerializer<APIGatewayV2HTTPEvent> EVENTS =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, ApiFunction.class.getClassLoader());

    private final Router router;

    public ApiFunction(Router router) {
        this.router = router;
    }

    @Override
    public APIGatewayV2HTTPResponse apply(InputStream rawEvent) {
        return apply(EVENTS.fromJson(rawEvent));
    }

    APIGatewayV2HTTPResponse apply(APIGatewayV2HTTPEvent event) {
        ApiResponse response = router.dispatch(toRequest(event));
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.body())
                .withIsBase64Encoded(response.base64Encoded())
                .build();
    }

    static ApiRequest toRequest(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        var http = context == null ? null : context.getHttp();
        Map<String, String> headers = new HashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        }
        String body = event.getBody();
        byte[] bytes = null;
        if (body != null && event.getIsBase64Encoded()) {
            bytes = Base64.getDecoder().decode(body);
            body = new String(bytes, StandardCharsets.UTF_8);
        }
        String requestId = context != null && context.getRequestId() != null
                ? context.getRequestId()
                : "req_" + UUID.randomUUID().toString().replace("-", "");
        return new ApiRequest(
                http == null ? "GET" : http.getMethod().toUpperCase(Locale.ROOT),
                event.getRawPath(),
                headers,
                event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters(),
                body,
                requestId,
                http == null ? null : http.getSourceIp(),
                bytes,
                context != null && context.getTimeEpoch() > 0 ? Instant.ofEpochMilli(context.getTimeEpoch()) : null);
    }
}
