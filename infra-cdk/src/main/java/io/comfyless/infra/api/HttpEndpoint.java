package io.comfyless.infra.api;

import io.comfyless.infra.Nag;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.Construct;

/**
 * The public HTTPS entry point: an API Gateway HTTP API whose catch-all route sends every request to
 * the API function's alias, where one router handles routing, authentication and errors. Access
 * logs go to CloudWatch; CORS allows the browser origins given (the console's among them).
 */
public final class HttpEndpoint extends Construct {

    private static final String ACCESS_LOG_FORMAT =
            "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
                    + "\"requestTime\":\"$context.requestTime\",\"method\":\"$context.httpMethod\",\"path\":\"$context.path\","
                    + "\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\",\"protocol\":\"$context.protocol\","
                    + "\"responseLength\":\"$context.responseLength\",\"latency\":\"$context.responseLatency\","
                    + "\"integrationError\":\"$context.integrationErrorMessage\",\"userAgent\":\"$context.identity.userAgent\"}";

    private final HttpApi api;
    private final HttpStage stage;

    public HttpEndpoint(
            Construct scope, String id, IFunction handler, List<String> allowedOrigins, RemovalPolicy removalPolicy) {
        super(scope, id);
        var builder = HttpApi.Builder.create(this, "HttpApi")
                .apiName(Stack.of(this).getStackName() + "-api")
                .description("ComfyLess API")
                .defaultIntegration(new HttpLambdaIntegration("ApiFunction", handler))
                // Created below, with access logs and throttling, which the implicit default stage lacks.
                .createDefaultStage(false);
        if (!allowedOrigins.isEmpty()) {
            builder.corsPreflight(CorsPreflightOptions.builder()
                    .allowOrigins(allowedOrigins)
                    .allowMethods(List.of(
                            CorsHttpMethod.GET,
                            CorsHttpMethod.POST,
                            CorsHttpMethod.PUT,
                            CorsHttpMethod.DELETE,
                            CorsHttpMethod.OPTIONS))
                    // The request headers the API reads, and the answers' headers a browser may show its code.
                    .allowHeaders(
                            List.of("authorization", "content-type", "x-request-id", "x-webhook-url", "x-client-id"))
                    .exposeHeaders(List.of(
                            "x-request-id",
                            "location",
                            "retry-after",
                            "x-ratelimit-limit",
                            "x-ratelimit-remaining",
                            "x-ratelimit-reset",
                            "api-version",
                            "x-api-version"))
                    .maxAge(Duration.hours(1))
                    .build());
        }
        api = builder.build();
        Nag.suppress(
                api,
                "AwsSolutions-APIG4",
                "Authentication is the API function's job: one bearer header carries either a tenant API key"
                        + " (hashed in the tenants table) or a Cognito access token, and the router checks both"
                        + " (ENABLE_AUTH=true by default). A Gateway JWT authorizer would reject every API key.");

        stage = HttpStage.Builder.create(this, "DefaultStage")
                .httpApi(api)
                .stageName("$default")
                .autoDeploy(true)
                .throttle(StageThrottle.settings())
                .accessLogSettings(AccessLogs.of(this, removalPolicy, ACCESS_LOG_FORMAT))
                .build();
    }

    /** The HTTPS base URL clients call, for example {@code https://abc123.execute-api.eu-west-1.amazonaws.com/}. */
    public String url() {
        return stage.getUrl();
    }

    public HttpApi api() {
        return api;
    }
}
