package io.comfyless.infra;

import io.comfyless.contract.Queue;
import io.comfyless.contract.Settings;
import io.comfyless.contract.Table;
import io.comfyless.infra.access.Permissions;
import io.comfyless.infra.api.HttpEndpoint;
import io.comfyless.infra.data.DataBucket;
import io.comfyless.infra.data.Tables;
import io.comfyless.infra.events.JobEvents;
import io.comfyless.infra.events.WorkflowSchedules;
import io.comfyless.infra.fleet.GpuCapacity;
import io.comfyless.infra.fleet.Network;
import io.comfyless.infra.fleet.Runner;
import io.comfyless.infra.fleet.RunnerScaling;
import io.comfyless.infra.functions.FunctionKind;
import io.comfyless.infra.functions.Functions;
import io.comfyless.infra.functions.Triggers;
import io.comfyless.infra.observability.QueueAlarms;
import io.comfyless.infra.queue.Queues;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The whole ComfyLess deployment as one stack, assembled from constructs split by concern: data
 * (tables, bucket), queues, events (bus, schedules), functions and their triggers, the HTTP API,
 * the GPU fleet and its scaling, and alarms. Read this class for the wiring; each construct holds
 * its own decisions.
 */
public final class ComfyLessStack extends Stack {

    /** Environment variables the API function needs beyond the contract. See the README's contract note. */
    public static final String SCHEDULE_GROUP_VAR = Settings.SCHEDULE_GROUP;
    public static final String SCHEDULER_ROLE_ARN_VAR = Settings.SCHEDULER_ROLE_ARN;

    private final StackSettings settings;

    public ComfyLessStack(Construct scope, String id, StackProps props, StackSettings settings) {
        super(scope, id, props);
        // Pinned here rather than left to cdk.json, so tests and plain `java` runs synthesize the same
        // template: S3 access-log and VPC flow-log delivery are granted by bucket policy, so the log
        // bucket needs no ACLs and CloudFormation, not the log service, owns that policy.
        getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
        getNode().setContext("@aws-cdk/aws-s3:createDefaultLoggingPolicy", true);
        this.settings = settings;
        RemovalPolicy removalPolicy = settings.destroyOnRemoval() ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

        Tables tables = new Tables(this, "Tables", removalPolicy);
        DataBucket data = new DataBucket(this, "Data", removalPolicy);
        Queues queues = new Queues(this, "Queues", removalPolicy);
        JobEvents events = new JobEvents(this, "Events", queues.get(Queue.WEBHOOKS), queues.get(Queue.WEBHOOKS_DLQ));
        WorkflowSchedules schedules = new WorkflowSchedules(this, "Schedules", removalPolicy);
        RuntimeEnvironment runtime = new RuntimeEnvironment(tables.all(), queues.all(), data.bucket(), events.bus());
        Permissions permissions = new Permissions(tables.all(), queues, data.bucket(), events.bus());

        Map<String, String> functionEnvironment = new TreeMap<>(runtime.resourceVariables());
        functionEnvironment.put(Settings.ENABLE_AUTH, Boolean.toString(settings.enableAuth()));
        Functions functions = new Functions(this, "Functions", settings.functionsJar(), functionEnvironment, Map.of(
                FunctionKind.API, Map.of(
                        Settings.CORS_ORIGINS, String.join(",", settings.allowedOrigins()),
                        SCHEDULE_GROUP_VAR, schedules.group().getScheduleGroupName(),
                        SCHEDULER_ROLE_ARN_VAR, schedules.invokeRole().getRoleArn())),
                removalPolicy);
        new Triggers(this, "Triggers", functions, data.bucket(), queues.get(Queue.WEBHOOKS), queues.get(Queue.BATCH_EVENTS_DLQ));
        permissions.api(functions.get(FunctionKind.API).role());
        permissions.batch(functions.get(FunctionKind.BATCH).role());
        permissions.webhook(functions.get(FunctionKind.WEBHOOK).role());
        permissions.reaper(functions.get(FunctionKind.REAPER).role());
        schedules.allowSchedulesToInvoke(functions.get(FunctionKind.API).alias());
        schedules.allowManagingSchedules(functions.get(FunctionKind.API).role());

        HttpEndpoint http = new HttpEndpoint(this, "Http", functions.get(FunctionKind.API).alias(), settings.allowedOrigins(),
                removalPolicy);

        Network network = new Network(this, "Network", data.logBucket());
        GpuCapacity capacity = new GpuCapacity(this, "Gpus", network, settings);
        Runner runner = new Runner(this, "Runner", capacity, settings, runtime.resourceVariables(), removalPolicy);
        permissions.runner(runner.taskRole(), capacity.cluster());
        new RunnerScaling(this, "RunnerScaling", capacity.cluster(), runner.service(), queues, settings.maxGpus(),
                settings.backlogPerTask());

        new QueueAlarms(this, "Alarms", queues.all(), settings.oldestMessageAlarmSeconds(), settings.alarmEmail(), removalPolicy);

        output("ApiUrl", http.url(), "Base URL of the HTTP API");
        output("BucketName", data.bucket().getBucketName(), "Data bucket (inputs/, outputs/, batches/, models/, temp/)");
        output("EventBusName", events.bus().getEventBusName(), "Bus carrying Job State Change events");
        output("ClusterName", capacity.cluster().getClusterName(), "ECS cluster of the GPU runners");
        output("ServiceName", runner.service().getServiceName(), "ECS service of the GPU runners");
        output("ScheduleGroupName", schedules.group().getScheduleGroupName(), "EventBridge Scheduler group for saved-workflow schedules");
        for (Table table : Table.values()) {
            output(table.logicalId() + "Name", tables.get(table).getTableName(), "DynamoDB table " + table.name());
        }
        for (Queue queue : Queue.values()) {
            output(queue.logicalId() + "Url", queues.get(queue).getQueueUrl(), "SQS queue " + queue.name());
        }
    }

    public StackSettings settings() {
        return settings;
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }
}
