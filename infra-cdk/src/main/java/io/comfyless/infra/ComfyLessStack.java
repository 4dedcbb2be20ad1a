package io.comfyless.infra;

import io.comfyless.contract.Fleet;
import io.comfyless.contract.Identity;
import io.comfyless.contract.Live;
import io.comfyless.contract.Queue;
import io.comfyless.contract.Schedules;
import io.comfyless.contract.Settings;
import io.comfyless.contract.Table;
import io.comfyless.contract.Webhooks;
import io.comfyless.infra.access.FleetResources;
import io.comfyless.infra.access.Permissions;
import io.comfyless.infra.api.HttpEndpoint;
import io.comfyless.infra.api.WebSocketEndpoint;
import io.comfyless.infra.console.ConsoleSite;
import io.comfyless.infra.data.DataBucket;
import io.comfyless.infra.data.Tables;
import io.comfyless.infra.events.JobEventBus;
import io.comfyless.infra.events.WorkflowSchedules;
import io.comfyless.infra.fleet.BakedRunnerAmi;
import io.comfyless.infra.fleet.GpuCapacity;
import io.comfyless.infra.fleet.Network;
import io.comfyless.infra.fleet.RunnerScaling;
import io.comfyless.infra.fleet.RunnerService;
import io.comfyless.infra.functions.FunctionKind;
import io.comfyless.infra.functions.Functions;
import io.comfyless.infra.functions.JavaFunction;
import io.comfyless.infra.functions.Triggers;
import io.comfyless.infra.identity.Users;
import io.comfyless.infra.observability.QueueAlarms;
import io.comfyless.infra.queue.Queues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The whole ComfyLess deployment as one stack, assembled from constructs split by concern: data
 * (tables, bucket), queues, events (bus, schedules), users, the GPU fleet and its scaling, functions
 * and their triggers, the web console, the HTTP API, the live-update WebSocket API, and alarms. Read this class for the wiring; each construct
 * holds its own decisions, and {@link Permissions} holds every grant.
 */
public final class ComfyLessStack extends Stack {

    /** The output whose value, split at spaces, is an env file for {@code ./comfyless keys --env-file}. */
    public static final String RUNTIME_ENVIRONMENT_OUTPUT = "RuntimeEnvironment";

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
        DataBucket data = new DataBucket(this, "Data", settings.allowedOrigins(), removalPolicy);
        Queues queues = new Queues(this, "Queues", removalPolicy);
        JobEventBus events = new JobEventBus(this, "Events");
        WorkflowSchedules schedules = new WorkflowSchedules(this, "Schedules");
        Users users = new Users(this, "Identity", removalPolicy);
        RuntimeEnvironment runtime = new RuntimeEnvironment(tables.all(), queues.all(), data.bucket(), events.bus());
        Permissions permissions = new Permissions(tables.all(), queues, data.bucket(), events.bus());

        // The fleet comes before the functions: the API function is told the runner service's name.
        // Only a reference from the function to the service, so CloudFormation simply creates the
        // service first; nothing the service needs refers to a function.
        Network network = new Network(this, "Network", data.logBucket());
        GpuCapacity capacity = new GpuCapacity(this, "Gpus", network, settings);
        RunnerService runner =
                new RunnerService(this, "Runner", capacity, settings, runtime.resourceVariables(), removalPolicy);
        FleetResources fleet = new FleetResources(
                runner.service(), capacity.autoScalingGroup(), capacity.launchTemplate(), capacity.instanceRole());
        Optional<BakedRunnerAmi> bakedAmi = settings.bakedAmi()
                ? Optional.of(new BakedRunnerAmi(
                        this,
                        "BakedAmi",
                        network.vpc(),
                        runner.imageUri(),
                        data.bucket(),
                        settings.warmModels(),
                        GpuCapacity.rootVolumeGib(settings.modelCacheGiB())))
                : Optional.empty();
        new RunnerScaling(
                this,
                "RunnerScaling",
                capacity.cluster(),
                runner.service(),
                queues,
                settings.maxGpus(),
                settings.backlogPerTask());

        // The console's origin exists before the API, which allows that origin (and any configured ones).
        ConsoleSite console =
                new ConsoleSite(this, "Console", settings.consoleDirectory(), data.logBucket(), removalPolicy);
        List<String> browserOrigins = new ArrayList<>(settings.allowedOrigins());
        browserOrigins.add(console.origin());

        Functions functions = new Functions(
                this,
                "Functions",
                settings.functionsDirectory(),
                runtime.resourceVariables(),
                Map.of(
                        FunctionKind.WEBHOOK,
                        Map.of(Webhooks.MAX_ATTEMPTS_ENV_VAR, Integer.toString(Webhooks.DEFAULT_MAX_ATTEMPTS))),
                removalPolicy);
        JavaFunction api = functions.get(FunctionKind.API);
        JavaFunction schedule = functions.get(FunctionKind.SCHEDULE);
        JavaFunction websocket = functions.get(FunctionKind.WEBSOCKET);
        JavaFunction fanOut = functions.get(FunctionKind.FANOUT);
        // ENABLE_AUTH and the pool go to the API function only: the runtime's RuntimeConfig refuses to
        // start with ENABLE_AUTH=true and no pool, and only the API authenticates anyone. Every other
        // process reads ENABLE_AUTH as false, which changes nothing for it.
        // The WebSocket function authenticates connects with the same credentials, so it is told the same.
        Map<String, String> authentication = new TreeMap<>();
        authentication.put(Settings.ENABLE_AUTH, Boolean.toString(settings.enableAuth()));
        authentication.put(Identity.USER_POOL_ID_ENV_VAR, users.pool().getUserPoolId());
        authentication.put(Identity.USER_POOL_CLIENT_ID_ENV_VAR, users.client().getUserPoolClientId());
        authentication.forEach(websocket.function()::addEnvironment);
        Map<String, String> apiOnly = new TreeMap<>(authentication);
        apiOnly.put(Settings.CORS_ORIGINS, String.join(",", browserOrigins));
        apiOnly.put(RuntimeEnvironment.OPERATOR_TENANTS_VAR, String.join(",", settings.operatorTenants()));
        apiOnly.put(Schedules.GROUP_ENV_VAR, schedules.groupName());
        apiOnly.put(Schedules.TARGET_ARN_ENV_VAR, schedule.alias().getFunctionArn());
        apiOnly.put(Schedules.ROLE_ARN_ENV_VAR, schedules.invokeRole().getRoleArn());
        apiOnly.forEach(api.function()::addEnvironment);
        // Every submitter wakes an empty fleet; the API and fleet schedules also control it.
        Map<String, String> fleetVariables = Map.of(
                RuntimeEnvironment.ECS_CLUSTER_VAR, capacity.cluster().getClusterName(),
                RuntimeEnvironment.ECS_SERVICE_VAR, runner.service().getServiceName(),
                Fleet.GROUP_ENV_VAR, capacity.autoScalingGroup().getAutoScalingGroupName());
        for (FunctionKind submitter : List.of(FunctionKind.API, FunctionKind.BATCH, FunctionKind.SCHEDULE)) {
            fleetVariables.forEach(functions.get(submitter).function()::addEnvironment);
        }

        new Triggers(
                this,
                "Triggers",
                functions,
                data.bucket(),
                queues.get(Queue.WEBHOOKS),
                queues.get(Queue.BATCH_EVENTS_DLQ),
                events.bus(),
                queues.get(Queue.LIVE_EVENTS));
        WebSocketEndpoint live = new WebSocketEndpoint(this, "Live", websocket.alias(), removalPolicy);
        fanOut.function().addEnvironment(Live.ENDPOINT_ENV_VAR, live.callbackUrl());
        permissions.api(api.role(), users.pool(), schedules, fleet);
        permissions.batch(functions.get(FunctionKind.BATCH).role(), fleet);
        permissions.schedule(schedule.role(), fleet);
        permissions.webhook(functions.get(FunctionKind.WEBHOOK).role());
        permissions.reaper(functions.get(FunctionKind.REAPER).role());
        permissions.runner(runner.taskRole(), capacity.cluster());
        permissions.scheduleInvoker(schedules, schedule.alias());
        permissions.websocket(websocket.role());
        permissions.fanOut(fanOut.role(), live.stage());

        HttpEndpoint http = new HttpEndpoint(this, "Http", api.alias(), browserOrigins, removalPolicy);
        // The console follows jobs over the live-update WebSocket, and polls when it cannot.
        console.publish(http.url(), Optional.of(live.url()));

        new QueueAlarms(
                this,
                "Alarms",
                queues.all(),
                settings.oldestMessageAlarmSeconds(),
                settings.alarmEmail(),
                removalPolicy);

        output("ApiUrl", http.url(), "Base URL of the HTTP API");
        output("LiveUrl", live.url(), "WebSocket URL for live updates (COMFYLESS_LIVE_URL for the CLI)");
        output(
                "ConsoleUrl",
                console.url(),
                "The web console (sign in with an API key or a user's e-mail and password)");
        output(
                "BucketName",
                data.bucket().getBucketName(),
                "Data bucket (inputs/, outputs/, batches/, models/, temp/)");
        output("EventBusName", events.bus().getEventBusName(), "Bus carrying Job State Change events");
        output("ClusterName", capacity.cluster().getClusterName(), "ECS cluster of the GPU runners");
        output("ServiceName", runner.service().getServiceName(), "ECS service of the GPU runners");
        output("ScheduleGroupName", schedules.groupName(), "EventBridge Scheduler group for saved-template schedules");
        bakedAmi.ifPresent(baked -> {
            output(
                    "RunnerAmiPipelineArn",
                    baked.pipeline().getAttrArn(),
                    "Image Builder pipeline that bakes the runner image into the GPU AMI; start it after a deploy");
            output(
                    "RunnerAmiParameter",
                    baked.parameter().getParameterName(),
                    "SSM parameter with the AMI GPU hosts launch from");
        });
        output("UserPoolId", users.pool().getUserPoolId(), "Cognito user pool behind /auth/*");
        output("UserPoolClientId", users.client().getUserPoolClientId(), "App client of the user pool (no secret)");
        output(
                RUNTIME_ENVIRONMENT_OUTPUT,
                runtime.envFileLine(getRegion()),
                "Region and resource names as KEY=VALUE pairs; tr ' ' '\\n' makes the --env-file of ./comfyless keys");
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
