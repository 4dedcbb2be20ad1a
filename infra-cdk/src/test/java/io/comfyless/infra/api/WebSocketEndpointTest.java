package io.comfyless.infra.api;

import static io.comfyless.infra.Resources.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Live;
import io.comfyless.infra.Resources;
import io.comfyless.infra.SynthesizedStack;
import io.comfyless.infra.functions.FunctionKind;
import io.comfyless.infra.functions.FunctionsTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class WebSocketEndpointTest {

    private final Template template = SynthesizedStack.withDefaults().template();

    /** The WebSocket API's routes (the HTTP API has its own). */
    private Map<String, Map<String, Object>> routes() {
        Object api = Resources.ref(Resources.idOf(template, "AWS::ApiGatewayV2::Api", "LiveWebSocketApi"));
        Map<String, Map<String, Object>> routes = new LinkedHashMap<>();
        Resources.ofType(template, "AWS::ApiGatewayV2::Route").forEach((id, route) -> {
            if (api.equals(Resources.propertiesOf(route).get("ApiId"))) {
                routes.put(id, route);
            }
        });
        return routes;
    }

    private Map<String, Object> integration(Map<String, Object> route) {
        String target = Resources.propertiesOf(route).get("Target").toString();
        return Resources.ofType(template, "AWS::ApiGatewayV2::Integration").entrySet().stream()
                .filter(integration -> target.contains(integration.getKey()))
                .map(integration -> Resources.propertiesOf(integration.getValue()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aWebSocketApiPicksARouteByTheTypeOfEachMessage() {
        Map<String, Object> api = Resources.properties(template, "AWS::ApiGatewayV2::Api", "LiveWebSocketApi");

        assertThat(api.get("ProtocolType")).isEqualTo("WEBSOCKET");
        assertThat(api.get("RouteSelectionExpression")).isEqualTo(Live.ROUTE_SELECTION_EXPRESSION);
    }

    @Test
    void connectDisconnectAndEveryMessageRouteGoToTheWebSocketFunctionsAlias() {
        String alias = FunctionsTest.aliasId(template, FunctionKind.WEBSOCKET);

        assertThat(routes().values().stream()
                        .map(route -> Resources.propertiesOf(route).get("RouteKey")))
                .containsExactlyInAnyOrder(
                        Live.CONNECT_ROUTE,
                        Live.DISCONNECT_ROUTE,
                        Live.DEFAULT_ROUTE,
                        Live.SUBSCRIBE_ROUTE,
                        Live.UNSUBSCRIBE_ROUTE);
        routes().values().forEach(route -> {
            Map<String, Object> integration = integration(route);
            assertThat(integration.get("IntegrationType")).isEqualTo("AWS_PROXY");
            assertThat(integration.get("IntegrationUri").toString()).contains(alias);
        });
    }

    @Test
    void messageRoutesReturnTheFunctionsAnswerToTheClient() {
        List<Object> answered = routes().values().stream()
                .map(Resources::propertiesOf)
                .filter(route -> "$default".equals(route.get("RouteResponseSelectionExpression")))
                .map(route -> route.get("RouteKey"))
                .toList();

        assertThat(answered)
                .containsExactlyInAnyOrder(Live.DEFAULT_ROUTE, Live.SUBSCRIBE_ROUTE, Live.UNSUBSCRIBE_ROUTE);
        assertThat(Resources.ofType(template, "AWS::ApiGatewayV2::RouteResponse"))
                .hasSize(3);
    }

    @Test
    void theLiveStageIsThrottledAndLogsConnectionsButNeverTheQueryStringThatMayCarryAToken() {
        Map<String, Object> stage = Resources.properties(template, "AWS::ApiGatewayV2::Stage", "LiveStage");

        assertThat(stage.get("StageName")).isEqualTo(Live.STAGE);
        assertThat(stage.get("AutoDeploy")).isEqualTo(true);
        assertThat(map(stage.get("DefaultRouteSettings")))
                .containsEntry("ThrottlingRateLimit", StageThrottle.RATE_LIMIT_PER_SECOND)
                .containsEntry("ThrottlingBurstLimit", StageThrottle.BURST_LIMIT);
        String format = map(stage.get("AccessLogSettings")).get("Format").toString();
        assertThat(format)
                .contains("$context.connectionId", "$context.routeKey")
                .doesNotContainIgnoringCase("query");
    }

    @Test
    void theFanOutIsToldTheStagesManagementEndpointAndTheWebSocketFunctionHowToAuthenticate() {
        Map<String, Object> fanOut = FunctionsTest.environment(template, FunctionKind.FANOUT);
        Map<String, Object> websocket = FunctionsTest.environment(template, FunctionKind.WEBSOCKET);

        assertThat(fanOut.get(Live.ENDPOINT_ENV_VAR).toString())
                .contains("https://")
                .contains("execute-api")
                .contains("/" + Live.STAGE);
        assertThat(websocket).containsKeys("ENABLE_AUTH", "COMFYLESS_USER_POOL_ID", "COMFYLESS_USER_POOL_CLIENT_ID");
        assertThat(FunctionsTest.environment(template, FunctionKind.API)).doesNotContainKey(Live.ENDPOINT_ENV_VAR);
    }

    @Test
    void clientsFindTheWebSocketUrlInTheOutputs() {
        Map<String, Object> output = map(template.findOutputs("LiveUrl").get("LiveUrl"));

        assertThat(output.get("Value").toString()).contains("wss://").contains("execute-api");
    }
}
