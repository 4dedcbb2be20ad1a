package io.comfyless.infra;

import io.comfyless.contract.Bucket;
import io.comfyless.contract.Events;
import io.comfyless.contract.Queue;
import io.comfyless.contract.Table;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sqs.IQueue;

/**
 * The environment variables through which deployed code finds the stack's resources, named by the
 * contract ({@link Table#envVar()}, {@link Queue#envVar()}, {@link Bucket#ENV_VAR},
 * {@link Events#BUS_ENV_VAR}) so functions, runners and the local stack read the same names.
 */
public record RuntimeEnvironment(Map<Table, ITable> tables, Map<Queue, IQueue> queues, IBucket bucket, IEventBus bus) {

    /** Every table name, queue URL, the bucket name and the bus name, sorted for stable templates. */
    public Map<String, String> resourceVariables() {
        Map<String, String> variables = new TreeMap<>();
        tables.forEach((table, resource) -> variables.put(table.envVar(), resource.getTableName()));
        queues.forEach((queue, resource) -> variables.put(queue.envVar(), resource.getQueueUrl()));
        variables.put(Bucket.ENV_VAR, bucket.getBucketName());
        variables.put(Events.BUS_ENV_VAR, bus.getEventBusName());
        return variables;
    }
}
