package io.comfyless.infra.fleet;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The runners' network, built to cost nothing while idle: public subnets only and no NAT gateway
 * (a NAT gateway bills by the hour whether or not a GPU runs). Runners get public IPs for egress,
 * but their security group admits no inbound traffic at all. Free gateway endpoints keep S3 and
 * DynamoDB traffic (model downloads, outputs, job records) off the internet path.
 */
public final class Network extends Construct {

    /** More zones, more spot capacity pools to draw GPUs from. */
    static final int MAX_AZS = 3;

    private final Vpc vpc;
    private final SecurityGroup runnerSecurityGroup;

    public Network(Construct scope, String id, IBucket flowLogBucket) {
        super(scope, id);
        vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(MAX_AZS)
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("public")
                        .subnetType(SubnetType.PUBLIC)
                        .cidrMask(22)
                        .mapPublicIpOnLaunch(true)
                        .build()))
                .gatewayEndpoints(Map.of(
                        "S3",
                                GatewayVpcEndpointOptions.builder()
                                        .service(GatewayVpcEndpointAwsService.S3)
                                        .build(),
                        "DynamoDb",
                                GatewayVpcEndpointOptions.builder()
                                        .service(GatewayVpcEndpointAwsService.DYNAMODB)
                                        .build()))
                // To S3 rather than CloudWatch Logs: pennies of storage instead of per-GB ingestion.
                .flowLogs(Map.of(
                        "ToS3",
                        FlowLogOptions.builder()
                                .destination(FlowLogDestination.toS3(flowLogBucket, "vpc-flow-logs/"))
                                .trafficType(FlowLogTrafficType.ALL)
                                .build()))
                .build();
        runnerSecurityGroup = SecurityGroup.Builder.create(this, "RunnerSecurityGroup")
                .vpc(vpc)
                .description(
                        "GPU runners: no inbound traffic; outbound for AWS APIs, image pulls and allow-listed input URLs")
                .allowAllOutbound(true)
                .build();
    }

    public IVpc vpc() {
        return vpc;
    }

    public ISecurityGroup runnerSecurityGroup() {
        return runnerSecurityGroup;
    }
}
