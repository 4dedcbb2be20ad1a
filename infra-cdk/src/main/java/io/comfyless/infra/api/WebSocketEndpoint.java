package io.comfyless.infra.api;

import io.comfyless.contract.Live;
import io.comfyless.infra.Nag;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.Construct;

/**
 * The live-update entry point: an API Gateway WebSocket API whose every route goes to the WebSocket
 * function's alias. {@code $connect} is authenticated there (an API key or access token, in the
 * {@code Authorization} header or {@code ?token=}); {@code subscribe}, {@code unsubscribe} and
 * {@code $default} answer each message with one frame (route responses); the fan-out posts events to
 * connections through the stage's management endpoint ({@link #callbackUrl()}). Access logs name the
 * connection and route, never the query string that may carry a token.
 */
public final class WebSocketEndpoint extends Construct {

    private static final String ACCESS_LOG_FORMAT =
            "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
                    + "\"requestTime\":\"$context.requestTime\",\"eventType\":\"$context.eventType\","
                    + "\"routeKey\":\"$context.routeKey\",\"connectionId\":\"$context.connectionId\","
                    + "\"status\":\"$context.status\",\"integrationError\":\"$context.integrationErrorMessage\"}";

    private final WebSocketApi api;
    private final WebSocketStage stage;

    public WebSocketEndpoint(Construct scope, String id, IFunction handler, RemovalPolicy removalPolicy) {
        super(scope, id);
        WebSocketLambdaIntegration integration = new WebSocketLambdaIntegration("Sockets", handler);
        WebSocketRouteOptions answered = WebSocketRouteOptions.builder()
                .integration(integration)
                .returnResponse(true)
                .build();
        api = WebSocketApi.Builder.create(this, "WebSocketApi")
                .apiName(Stack.of(this).getStackName() + "-live")
                .description("ComfyLess live updates")
                .routeSelectionExpression(Live.ROUTE_SELECTION_EXPRESSION)
                .connectRouteOptions(
                        WebSocketRouteOptions.builder().integration(integration).build())
                .disconnectRouteOptions(
                        WebSocketRouteOptions.builder().integration(integration).build())
                .defaultRouteOptions(answered)
                .build();
        api.addRoute(Live.SUBSCRIBE_ROUTE, answered);
        api.addRoute(Live.UNSUBSCRIBE_ROUTE, answered);

        stage = WebSocketStage.Builder.create(this, "Stage")
                .webSocketApi(api)
                .stageName(Live.STAGE)
                .autoDeploy(true)
                .throttle(StageThrottle.settings())
                .accessLogSettings(AccessLogs.of(this, removalPolicy, ACCESS_LOG_FORMAT))
                .build();

        Nag.suppress(
                api,
                "AwsSolutions-APIG4",
                "The $connect route authenticates in the WebSocket function with the API's own credentials (a"
                        + " tenant API key, hashed in the tenants table, or a Cognito access token) and refuses"
                        + " the upgrade with 401; a Gateway authorizer would reject every API key. Later routes"
                        + " act only for the tenant recorded at connect.");
    }

    /** {@code wss://<api>.execute-api.<region>.amazonaws.com/live}: what clients connect to. */
    public String url() {
        return stage.getUrl();
    }

    /** {@code https://<api>.execute-api.<region>.amazonaws.com/live}: the management API the fan-out posts to. */
    public String callbackUrl() {
        return stage.getCallbackUrl();
    }

    public WebSocketApi api() {
        return api;
    }

    public WebSocketStage stage() {
        return stage;
    }
}
