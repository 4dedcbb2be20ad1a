package io.comfyless.infra.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.infra.Resources;
import io.comfyless.infra.SynthesizedStack;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class NetworkTest {

    private final Template template = SynthesizedStack.withDefaults().template();

    @Test
    void hasNoNatGatewayAndOnlyPublicSubnets() {
        assertThat(Resources.ofType(template, "AWS::EC2::NatGateway")).isEmpty();
        assertThat(Resources.ofType(template, "AWS::EC2::Subnet").values())
                .isNotEmpty()
                .allSatisfy(subnet -> assertThat(Resources.propertiesOf(subnet).get("MapPublicIpOnLaunch"))
                        .isEqualTo(true));
    }

    @Test
    void reachesS3AndDynamoDbThroughFreeGatewayEndpoints() {
        var endpoints = Resources.ofType(template, "AWS::EC2::VPCEndpoint").values().stream()
                .map(Resources::propertiesOf)
                .toList();

        assertThat(endpoints)
                .allSatisfy(
                        endpoint -> assertThat(endpoint.get("VpcEndpointType")).isEqualTo("Gateway"));
        assertThat(endpoints)
                .extracting(endpoint -> endpoint.get("ServiceName").toString())
                .anySatisfy(name -> assertThat(name).contains(".s3"))
                .anySatisfy(name -> assertThat(name).contains(".dynamodb"));
    }

    @Test
    void runnersAdmitNoInboundTraffic() {
        Map<String, Object> group =
                Resources.properties(template, "AWS::EC2::SecurityGroup", "NetworkRunnerSecurityGroup");

        assertThat(group).doesNotContainKey("SecurityGroupIngress");
        assertThat(Resources.ofType(template, "AWS::EC2::SecurityGroupIngress")).isEmpty();
    }

    @Test
    void recordsFlowLogs() {
        assertThat(Resources.ofType(template, "AWS::EC2::FlowLog")).hasSize(1);
    }
}
