package io.comfyless.infra.api;

import static io.comfyless.infra.Resources.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.infra.Resources;
import io.comfyless.infra.SynthesizedStack;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class HttpEndpointTest {

    private final Template template = SynthesizedStack.withDefaults().template();

    private static String apiAliasId(Template template) {
        return Resources.idOf(template, "AWS::Lambda::Alias", "FunctionsApiAlias");
    }

    /** The HTTP API (the stack also holds the live-update WebSocket API). */
    private static Map<String, Object> httpApi(Template template) {
        return Resources.ofType(template, "AWS::ApiGatewayV2::Api").values().stream()
                .map(Resources::propertiesOf)
                .filter(api -> "HTTP".equals(api.get("ProtocolType")))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void everyRouteGoesToTheApiFunctionAlias() {
        Map<String, Object> integration = Resources.ofType(template, "AWS::ApiGatewayV2::Integration").values().stream()
                .filter(candidate ->
                        "2.0".equals(Resources.propertiesOf(candidate).get("PayloadFormatVersion")))
                .map(Resources::propertiesOf)
                .findFirst()
                .orElseThrow();

        assertThat(integration.get("IntegrationType")).isEqualTo("AWS_PROXY");
        assertThat(integration.get("IntegrationUri")).isEqualTo(Resources.ref(apiAliasId(template)));
        template.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", "$default"));
        template.hasResourceProperties(
                "AWS::Lambda::Permission",
                Map.of("FunctionName", Resources.ref(apiAliasId(template)), "Principal", "apigateway.amazonaws.com"));
    }

    @Test
    void isAnHttpApiWithAnAccessLoggedThrottledDefaultStage() {
        assertThat(Resources.ofType(template, "AWS::ApiGatewayV2::Api").values().stream()
                        .map(api -> Resources.propertiesOf(api).get("ProtocolType")))
                .containsExactlyInAnyOrder("HTTP", "WEBSOCKET");
        Map<String, Object> stage = Resources.properties(template, "AWS::ApiGatewayV2::Stage", "HttpDefaultStage");

        assertThat(stage.get("StageName")).isEqualTo("$default");
        assertThat(stage.get("AutoDeploy")).isEqualTo(true);
        assertThat(map(stage.get("AccessLogSettings")).get("DestinationArn"))
                .isEqualTo(Resources.getAtt(Resources.idOf(template, "AWS::Logs::LogGroup", "HttpAccessLogs"), "Arn"));
        assertThat(map(stage.get("DefaultRouteSettings"))).containsKeys("ThrottlingRateLimit", "ThrottlingBurstLimit");
    }

    @Test
    void leavesAuthenticationToTheFunctionWhichAcceptsApiKeysAsWellAsUserTokens() {
        assertThat(Resources.ofType(template, "AWS::ApiGatewayV2::Authorizer"))
                .as("a JWT authorizer would reject API keys")
                .isEmpty();
        Resources.ofType(template, "AWS::ApiGatewayV2::Route")
                .values()
                .forEach(route -> assertThat(Resources.propertiesOf(route).getOrDefault("AuthorizationType", "NONE"))
                        .isEqualTo("NONE"));
    }

    @Test
    void allowsTheConsolesOriginAndTheOriginsGiven() {
        Map<String, Object> custom =
                httpApi(SynthesizedStack.withCustomSettings().template());

        assertThat(Resources.list(map(custom.get("CorsConfiguration")).get("AllowOrigins")))
                .hasSize(3)
                .startsWith("https://app.example.com", "https://admin.example.com")
                .last()
                .asString()
                .contains("https://", "ConsoleDistribution");
    }

    @Test
    void corsLetsBrowsersSendTheHeadersTheApiReadsAndReadTheOnesItAnswersWith() {
        Map<String, Object> cors =
                map(httpApi(SynthesizedStack.withCustomSettings().template()).get("CorsConfiguration"));

        assertThat(cors.get("AllowHeaders"))
                .asInstanceOf(InstanceOfAssertFactories.list(String.class))
                .contains("authorization", "content-type", "x-request-id", "x-webhook-url");
        assertThat(cors.get("ExposeHeaders"))
                .asInstanceOf(InstanceOfAssertFactories.list(String.class))
                .contains("x-ratelimit-remaining", "retry-after", "x-request-id", "location");
    }
}
