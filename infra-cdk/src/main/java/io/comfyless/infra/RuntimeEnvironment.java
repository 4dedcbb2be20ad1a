package io.comfyless.infra;

import io.comfyless.contract.Bucket;
import io.comfyless.contract.Events;
import io.comfyless.contract.Queue;
import io.comfyless.contract.Settings;
import io.comfyless.contract.Table;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sqs.IQueue;

/**
 * The environment variables through which deployed code finds the stack's resources, named by the
 * contract ({@link Table#envVar()}, {@link Queue#envVar()}, {@link Bucket#ENV_VAR},
 * {@link Events#BUS_ENV_VAR}) so functions, runners and the local stack read the same names. The
 * runtime's {@code RuntimeConfig} refuses to start without every one of them.
 */
public record RuntimeEnvironment(Map<Table, ITable> tables, Map<Queue, IQueue> queues, IBucket bucket, IEventBus bus) {

    /*
     * Names the runtime reads that the contract does not hold yet; they are defined by
     * io.comfyless.core.fleet.FleetSettings, which this module cannot depend on. Keep them equal.
     */
    /** The runner service's cluster, for the API's fleet view. */
    public static final String ECS_CLUSTER_VAR = Settings.ECS_CLUSTER;
    /** The runner service, for the API's fleet view. */
    public static final String ECS_SERVICE_VAR = Settings.ECS_SERVICE;
    /** Comma-separated tenants allowed to change the shared model store. */
    public static final String OPERATOR_TENANTS_VAR = Settings.OPERATOR_TENANTS;

    /** Read by the AWS SDK and by {@code RuntimeConfig}; the CLI must name the stack's region. */
    public static final String REGION_VAR = "AWS_REGION";

    /**
     * Every table name, the URL of every queue deployed code names ({@link Queue#readByDeployedCode()}),
     * the bucket name and the bus name, sorted for stable templates.
     */
    public Map<String, String> resourceVariables() {
        Map<String, String> variables = new TreeMap<>();
        tables.forEach((table, resource) -> variables.put(table.envVar(), resource.getTableName()));
        queues.forEach((queue, resource) -> {
            if (queue.readByDeployedCode()) {
                variables.put(queue.envVar(), resource.getQueueUrl());
            }
        });
        variables.put(Bucket.ENV_VAR, bucket.getBucketName());
        variables.put(Events.BUS_ENV_VAR, bus.getEventBusName());
        return variables;
    }

    /**
     * The region and {@link #resourceVariables()} as space-separated {@code KEY=VALUE} pairs, for one
     * stack output: {@code tr ' ' '\n'} turns it into the {@code --env-file} that {@code ./comfyless
     * keys} reads. One line, because CloudFormation outputs do not carry newlines reliably; no value
     * contains a space (names, ARNs and URLs that CloudFormation generates).
     */
    public String envFileLine(String region) {
        Map<String, String> variables = new TreeMap<>(resourceVariables());
        variables.put(REGION_VAR, region);
        return variables.entrySet().stream()
                .map(variable -> variable.getKey() + "=" + variable.getValue())
                .collect(Collectors.joining(" "));
    }
}
