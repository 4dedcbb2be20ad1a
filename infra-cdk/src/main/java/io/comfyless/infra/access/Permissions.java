package io.comfyless.infra.access;

import io.comfyless.contract.Bucket;
import io.comfyless.contract.Queue;
import io.comfyless.contract.Table;
import io.comfyless.infra.Nag;
import io.comfyless.infra.events.WorkflowSchedules;
import io.comfyless.infra.queue.Queues;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.cognito.IUserPool;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sqs.IQueue;

/**
 * Who may do what, for every principal in the stack, in one readable place. Each grant names the
 * item, object and queue actions the runtime code of that principal calls, on the tables, bucket
 * prefixes, queues and bus it touches; no statement uses the {@code *} action or a {@code *}
 * resource on a data service. What triggers need to deliver (the webhook event source's receive
 * and delete, the batch rule's and the batch function's dead-letter sends) is granted by the
 * triggers themselves.
 *
 * <p>Every process that changes jobs (API, batch, schedule, reaper, runner) is a <em>job writer</em>:
 * the runtime's job store decorators count a tenant's unfinished jobs, publish each transition on
 * the bus, enqueue webhook deliveries, and count an ended job into its batch, writing the batch's
 * results manifest when it was the last. So each of them gets the same {@link #jobWriter} grants.
 */
public final class Permissions {

    // DynamoDB. A transaction needs no action of its own: IAM authorizes each Put, Update or
    // ConditionCheck inside TransactWriteItems as PutItem, UpdateItem or ConditionCheckItem.
    static final String GET_ITEM = "dynamodb:GetItem";
    static final String PUT_ITEM = "dynamodb:PutItem";
    static final String UPDATE_ITEM = "dynamodb:UpdateItem";
    static final String DELETE_ITEM = "dynamodb:DeleteItem";
    static final String QUERY = "dynamodb:Query";
    static final String SCAN = "dynamodb:Scan";
    static final String BATCH_WRITE = "dynamodb:BatchWriteItem";

    // S3. Multipart uploads (create, upload part, complete) are all s3:PutObject.
    static final String GET_OBJECT = "s3:GetObject";
    static final String PUT_OBJECT = "s3:PutObject";
    static final String DELETE_OBJECT = "s3:DeleteObject";
    static final String ABORT_UPLOAD = "s3:AbortMultipartUpload";
    static final String LIST_BUCKET = "s3:ListBucket";

    static final String SEND = "sqs:SendMessage";
    static final String QUEUE_ATTRIBUTES = "sqs:GetQueueAttributes";
    static final String CHANGE_VISIBILITY = "sqs:ChangeMessageVisibility";
    static final String[] CONSUME = {"sqs:ReceiveMessage", "sqs:DeleteMessage", CHANGE_VISIBILITY, QUEUE_ATTRIBUTES};

    static final String[] MANAGE_USERS = {"cognito-idp:AdminConfirmSignUp", "cognito-idp:AdminDeleteUser"};
    static final String[] MANAGE_SCHEDULES = {"scheduler:CreateSchedule", "scheduler:DeleteSchedule"};

    // The fleet: the runner service (ECS), its scaling bounds (Application Auto Scaling), its instances (Auto Scaling).
    static final String DESCRIBE_SERVICES = "ecs:DescribeServices";
    static final String UPDATE_SERVICE = "ecs:UpdateService";
    static final String DESCRIBE_GROUPS = "autoscaling:DescribeAutoScalingGroups";
    static final String SET_DESIRED_CAPACITY = "autoscaling:SetDesiredCapacity";
    static final String UPDATE_GROUP = "autoscaling:UpdateAutoScalingGroup";
    static final String DESCRIBE_SCALABLE_TARGETS = "application-autoscaling:DescribeScalableTargets";
    static final String REGISTER_SCALABLE_TARGET = "application-autoscaling:RegisterScalableTarget";

    private final Map<Table, ITable> tables;
    private final Queues queues;
    private final IBucket bucket;
    private final IEventBus bus;

    public Permissions(Map<Table, ITable> tables, Queues queues, IBucket bucket, IEventBus bus) {
        this.tables = tables;
        this.queues = queues;
        this.bucket = bucket;
        this.bus = bus;
    }

    /**
     * The HTTP API: submits and manages jobs; API keys, users, rate limits and webhook secrets in the
     * tenants table; templates, schedules and model download requests in the catalog; presigns input
     * and model uploads and output downloads; lists the model store and a tenant's inputs; confirms
     * and deletes its pool's users; creates schedules; reads the runner service's task counts.
     */
    public void api(IRole api, IUserPool users, WorkflowSchedules schedules, FleetResources fleet) {
        jobWriter(api)
                .submitter()
                .items(Table.TENANTS, PUT_ITEM, QUERY)
                .items(Table.CATALOG, PUT_ITEM, UPDATE_ITEM, DELETE_ITEM, QUERY)
                .items(Table.WORKERS, GET_ITEM, SCAN)
                .objects(Bucket.INPUTS_PREFIX, GET_OBJECT, PUT_OBJECT)
                .objects(Bucket.MODELS_PREFIX, GET_OBJECT, PUT_OBJECT, DELETE_OBJECT, ABORT_UPLOAD)
                .objects(Bucket.OUTPUTS_PREFIX, GET_OBJECT)
                .objects(Bucket.BATCH_RESULTS_PREFIX, GET_OBJECT)
                // The status route links a running job's latest preview.
                .objects(Bucket.PREVIEWS_PREFIX, GET_OBJECT)
                // Listing, and an honest 404 (not 403) when a model or input file does not exist.
                .listing(Bucket.MODELS_PREFIX, Bucket.INPUTS_PREFIX)
                .apply();
        users.grant(api, MANAGE_USERS);
        manageSchedules(api, schedules);
        fleetOperator(api, fleet);
        changeInstanceTypes(api, fleet);
    }

    /** The batch trigger: reads manifests, creates jobs with their batch lines, records bad lines, writes reports. */
    public void batch(IRole batch, FleetResources fleet) {
        jobWriter(batch)
                .submitter()
                .items(Table.BATCHES, PUT_ITEM, BATCH_WRITE)
                .objects(Bucket.BATCH_INCOMING_PREFIX, GET_OBJECT)
                .apply();
        fleetWaker(batch, fleet);
    }

    /**
     * The schedule function: submits a saved template when its schedule fires, as the API would, and
     * starts or stops the fleet when a fleet schedule fires.
     */
    public void schedule(IRole schedule, FleetResources fleet) {
        jobWriter(schedule).submitter().apply();
        fleetOperator(schedule, fleet);
    }

    /**
     * The webhook dispatcher: reads the job a delivery is about and its tenant's signing secret
     * (created on first use), presigns the job's output links ({@code output_urls}, which work only
     * if the signer may read the outputs), delays a retry by changing the message's visibility, and
     * moves a delivery out of attempts to the dead-letter queue itself. It changes no job.
     */
    public void webhook(IRole webhook) {
        new Grant(webhook)
                .items(Table.JOBS, GET_ITEM)
                .items(Table.TENANTS, GET_ITEM, PUT_ITEM)
                .objects(Bucket.OUTPUTS_PREFIX, GET_OBJECT)
                .queue(queues.get(Queue.WEBHOOKS), CHANGE_VISIBILITY)
                .queue(queues.get(Queue.WEBHOOKS_DLQ), SEND)
                .apply();
    }

    /** The reaper: finds lapsed leases, requeues or fails their jobs. */
    public void reaper(IRole reaper) {
        jobWriter(reaper).queues(queues.jobQueues(), SEND).apply();
    }

    /**
     * The GPU runner: consumes the job queues (and re-enqueues a job it releases for another
     * attempt), claims and updates jobs, heartbeats its worker record, stages inputs, fills its model
     * cache from the model store, fetches requested model imports into the store, uploads outputs and
     * sampler previews, publishes its ComfyUI's node catalogue, and protects its own task from scale-in
     * while a job runs.
     */
    public void runner(IRole runner, ICluster cluster) {
        List<String> consumeAndRequeue = new ArrayList<>(List.of(CONSUME));
        consumeAndRequeue.add(SEND);
        jobWriter(runner)
                .queues(queues.jobQueues(), consumeAndRequeue.toArray(String[]::new))
                .items(Table.WORKERS, GET_ITEM, PUT_ITEM)
                // Model download requests: runners claim one and report its progress.
                .items(Table.CATALOG, GET_ITEM, UPDATE_ITEM, QUERY)
                .objects(Bucket.INPUTS_PREFIX, GET_OBJECT)
                .objects(Bucket.MODELS_PREFIX, GET_OBJECT, PUT_OBJECT, ABORT_UPLOAD)
                .objects(Bucket.OUTPUTS_PREFIX, PUT_OBJECT, ABORT_UPLOAD)
                // Its ComfyUI's node catalogue, published at start-up (the pointer is read first: a 404 before the
                // first).
                .objects(Bucket.CATALOG_PREFIX, GET_OBJECT, PUT_OBJECT)
                .objects(Bucket.PREVIEWS_PREFIX, PUT_OBJECT)
                // The model cache looks a model up in each of its folder's directories: a missing one must be a 404.
                .listing(Bucket.MODELS_PREFIX, Bucket.CATALOG_PREFIX)
                .apply();
        // ECS task scale-in protection (the agent's task-protection endpoint signs with the task role):
        // a runner marks itself protected while a job executes, so scale-in stops idle runners first.
        runner.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecs:GetTaskProtection", "ecs:UpdateTaskProtection"))
                .resources(List.of(Stack.of(cluster)
                        .formatArn(ArnComponents.builder()
                                .service("ecs")
                                .resource("task")
                                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                                .resourceName(cluster.getClusterName() + "/*")
                                .build())))
                .build());
        // The instance's spot price, read once per runner start to price its jobs' GPU time.
        runner.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ec2:DescribeSpotPriceHistory"))
                .resources(List.of("*"))
                .build());
        Nag.suppress(
                runner,
                "AwsSolutions-IAM5",
                "Task ids are only known at runtime; the statement is limited to tasks of this cluster."
                        + " ec2:DescribeSpotPriceHistory supports no resource-level permissions and reads public prices.",
                "^Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:task/<.+>/\\*$",
                "^Resource::\\*$");
    }

    /**
     * What a submitter needs to wake an empty fleet: read and raise the runner service's desired count,
     * read the instance group and raise its desired capacity. The wake mark is an item of the catalog
     * table, written with the {@link Grant#submitter} grants every submitter has.
     */
    private void fleetWaker(IRole role, FleetResources fleet) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of(DESCRIBE_SERVICES, UPDATE_SERVICE))
                .resources(List.of(fleet.service().getServiceArn()))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of(SET_DESIRED_CAPACITY))
                .resources(List.of(groupArn(fleet)))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of(DESCRIBE_GROUPS))
                .resources(List.of("*"))
                .build());
        Nag.suppress(
                role,
                "AwsSolutions-IAM5",
                "autoscaling:DescribeAutoScalingGroups and application-autoscaling:DescribeScalableTargets take no"
                        + " resource ARN; the group's ARN carries an id only known after creation (its name is fixed by"
                        + " the stack); Application Auto Scaling names a scalable target by an id it assigns.",
                "^Resource::\\*$",
                "^Resource::arn:<AWS::Partition>:autoscaling:<AWS::Region>:<AWS::AccountId>:autoScalingGroup:\\*:autoScalingGroupName/<.+>$",
                "^Resource::arn:<AWS::Partition>:application-autoscaling:<AWS::Region>:<AWS::AccountId>:scalable-target/\\*$");
    }

    /**
     * Fleet control (the API's operator routes, fleet schedules): besides waking, set the service's
     * scaling bounds (Application Auto Scaling checks the caller may describe and update the service)
     * and the group's maximum.
     */
    private void fleetOperator(IRole role, FleetResources fleet) {
        fleetWaker(role, fleet);
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of(UPDATE_GROUP))
                .resources(List.of(groupArn(fleet)))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of(REGISTER_SCALABLE_TARGET))
                .resources(List.of(Stack.of(fleet.service())
                        .formatArn(ArnComponents.builder()
                                .service("application-autoscaling")
                                .resource("scalable-target")
                                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                                .resourceName("*")
                                .build())))
                .conditions(Map.of("StringEquals", Map.of("application-autoscaling:service-namespace", "ecs")))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of(DESCRIBE_SCALABLE_TARGETS))
                .resources(List.of("*"))
                .build());
    }

    /**
     * {@code PUT /v1/fleet} with instance types or capacity updates the group's mixed instances policy,
     * which names the launch template: Auto Scaling then checks the caller may launch from that template
     * (only from it) and pass the instances' role (only to EC2).
     */
    private void changeInstanceTypes(IRole role, FleetResources fleet) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ec2:RunInstances", "ec2:CreateTags"))
                .resources(List.of("*"))
                .conditions(Map.of(
                        "ArnLike",
                        Map.of(
                                "ec2:LaunchTemplate",
                                Stack.of(fleet.launchTemplate())
                                        .formatArn(ArnComponents.builder()
                                                .service("ec2")
                                                .resource("launch-template")
                                                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                                                .resourceName(
                                                        fleet.launchTemplate().getLaunchTemplateId())
                                                .build()))))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("iam:PassRole"))
                .resources(List.of(fleet.instanceRole().getRoleArn()))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "ec2.amazonaws.com")))
                .build());
    }

    private static String groupArn(FleetResources fleet) {
        return Stack.of(fleet.group())
                .formatArn(ArnComponents.builder()
                        .service("autoscaling")
                        .resource("autoScalingGroup")
                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                        .resourceName("*:autoScalingGroupName/" + fleet.group().getAutoScalingGroupName())
                        .build());
    }

    /**
     * The WebSocket function: authenticates connects as the API does (API keys and users in the tenants
     * table), records connections and subscriptions, and checks that a job or batch a client wants to
     * follow is its tenant's. It changes no job and puts nothing on the bus.
     */
    public void websocket(IRole websocket) {
        new Grant(websocket)
                .items(Table.CONNECTIONS, GET_ITEM, PUT_ITEM, UPDATE_ITEM, DELETE_ITEM, BATCH_WRITE)
                .items(Table.TENANTS, GET_ITEM, QUERY)
                .items(Table.JOBS, GET_ITEM)
                .items(Table.BATCHES, GET_ITEM)
                .apply();
    }

    /**
     * The live-update fan-out: finds each event's subscribers, forgets connections API Gateway reports
     * gone, signs links to the event's outputs and previews, reads the lanes' depth for the queue
     * channel, and posts to connections of this API's stage, and nothing else.
     */
    public void fanOut(IRole fanOut, WebSocketStage stage) {
        new Grant(fanOut)
                .items(Table.CONNECTIONS, GET_ITEM, QUERY, DELETE_ITEM, BATCH_WRITE)
                .objects(Bucket.OUTPUTS_PREFIX, GET_OBJECT)
                .objects(Bucket.PREVIEWS_PREFIX, GET_OBJECT)
                .queues(queues.jobQueues(), QUEUE_ATTRIBUTES)
                .apply();
        fanOut.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("execute-api:ManageConnections"))
                .resources(List.of(Stack.of(stage)
                        .formatArn(ArnComponents.builder()
                                .service("execute-api")
                                .resource(stage.getApi().getApiId())
                                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                                .resourceName(stage.getStageName() + "/POST/@connections/*")
                                .build())))
                .build());
        Nag.suppress(
                fanOut,
                "AwsSolutions-IAM5",
                "Connection ids are API Gateway's, known only at runtime; the statement allows posting to"
                        + " connections of this API's one stage and nothing else.",
                "^Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<.+>/.+/POST/@connections/\\*$");
    }

    /** Lets the schedules in the group invoke {@code target} (the schedule function's alias) and nothing else. */
    public void scheduleInvoker(WorkflowSchedules schedules, IFunction target) {
        target.grantInvoke(schedules.invokeRole());
    }

    /**
     * What every job writer needs besides its own work: jobs read and changed (the index for
     * recounts and lease sweeps), the tenant's job counters (unfinished, running, this month's) and
     * tier, the batch a job belonged to (counted, finished, its results manifest written), webhook
     * deliveries enqueued, and state changes put on the bus.
     */
    private Grant jobWriter(IRole role) {
        return new Grant(role)
                .items(Table.JOBS, GET_ITEM, UPDATE_ITEM, QUERY)
                .items(Table.TENANTS, GET_ITEM, UPDATE_ITEM)
                .items(Table.BATCHES, GET_ITEM, UPDATE_ITEM, QUERY)
                .objects(Bucket.BATCH_RESULTS_PREFIX, PUT_OBJECT)
                .queue(queues.get(Queue.WEBHOOKS), SEND)
                .putEvents();
    }

    private void manageSchedules(IRole manager, WorkflowSchedules schedules) {
        manager.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of(MANAGE_SCHEDULES))
                .resources(List.of(Stack.of(schedules)
                        .formatArn(ArnComponents.builder()
                                .service("scheduler")
                                .resource("schedule")
                                .resourceName(schedules.groupName() + "/*")
                                .build())))
                .build());
        manager.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("iam:PassRole"))
                .resources(List.of(schedules.invokeRole().getRoleArn()))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", WorkflowSchedules.SCHEDULER)))
                .build());
        Nag.suppress(
                manager,
                "AwsSolutions-IAM5",
                "Schedule names are chosen at runtime (one per saved schedule); the statement covers only"
                        + " schedules inside this stack's own schedule group.",
                "^Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/[^/*]+/\\*$");
    }

    /**
     * The grants of one principal, collected and then written as few statements as possible: one
     * per table, one per set of object actions, one per set of queue actions. Fewer statements keep
     * the role's policy readable and well inside IAM's size limit.
     */
    private final class Grant {

        private final IRole role;
        private final Map<Table, Set<String>> items = new EnumMap<>(Table.class);
        private final Map<String, Set<String>> objects = new TreeMap<>();
        private final Set<String> listing = new TreeSet<>();
        private final Map<IQueue, Set<String>> queueActions = new LinkedHashMap<>();
        private boolean putEvents;

        Grant(IRole role) {
            this.role = role;
        }

        /**
         * Creates jobs and enqueues them (queue depth for the answer too), parsing templates from the
         * catalog; a workflow is validated against the node catalogue runners published and the model
         * store (a missing pointer or model must read as a 404, hence the listings); claims the fleet's
         * wake mark, an item of the catalog, when a job may have to wake it.
         */
        Grant submitter() {
            return items(Table.JOBS, PUT_ITEM)
                    .items(Table.CATALOG, GET_ITEM, UPDATE_ITEM)
                    .objects(Bucket.CATALOG_PREFIX, GET_OBJECT)
                    .objects(Bucket.MODELS_PREFIX, GET_OBJECT)
                    .listing(Bucket.CATALOG_PREFIX, Bucket.MODELS_PREFIX)
                    .queues(queues.jobQueues(), SEND, QUEUE_ATTRIBUTES);
        }

        Grant items(Table table, String... actions) {
            items.computeIfAbsent(table, t -> new TreeSet<>()).addAll(List.of(actions));
            return this;
        }

        Grant objects(String prefix, String... actions) {
            objects.computeIfAbsent(prefix, p -> new TreeSet<>()).addAll(List.of(actions));
            return this;
        }

        Grant listing(String... prefixes) {
            listing.addAll(List.of(prefixes));
            return this;
        }

        Grant queue(IQueue queue, String... actions) {
            queueActions.computeIfAbsent(queue, q -> new TreeSet<>()).addAll(List.of(actions));
            return this;
        }

        Grant queues(List<IQueue> many, String... actions) {
            many.forEach(queue -> queue(queue, actions));
            return this;
        }

        Grant putEvents() {
            putEvents = true;
            return this;
        }

        void apply() {
            items.forEach((table, actions) -> {
                String arn = tables.get(table).getTableArn();
                statement(actions, List.of(arn), null);
                // Queries of the table's own indexes; nothing but Query is granted on them.
                if (actions.contains(QUERY) && !table.indexes().isEmpty()) {
                    statement(Set.of(QUERY), List.of(arn + "/index/*"), null);
                }
            });
            Map<Set<String>, List<String>> prefixesByActions = new LinkedHashMap<>();
            objects.forEach((prefix, actions) -> prefixesByActions
                    .computeIfAbsent(actions, a -> new ArrayList<>())
                    .add(bucket.arnForObjects(prefix + "*")));
            prefixesByActions.forEach((actions, arns) -> statement(actions, arns, null));
            if (!listing.isEmpty()) {
                statement(
                        Set.of(LIST_BUCKET),
                        List.of(bucket.getBucketArn()),
                        Map.of(
                                "StringLike",
                                Map.of(
                                        "s3:prefix",
                                        listing.stream()
                                                .map(prefix -> prefix + "*")
                                                .toList())));
            }
            Map<Set<String>, List<String>> queuesByActions = new LinkedHashMap<>();
            queueActions.forEach((queue, actions) -> queuesByActions
                    .computeIfAbsent(actions, a -> new ArrayList<>())
                    .add(queue.getQueueArn()));
            queuesByActions.forEach((actions, arns) -> statement(actions, arns, null));
            if (putEvents) {
                bus.grantPutEventsTo(role);
            }
            explainIndexAndPrefixWildcards(role);
        }

        private void statement(Set<String> actions, List<String> resources, Map<String, Object> conditions) {
            PolicyStatement.Builder statement = PolicyStatement.Builder.create()
                    .actions(List.copyOf(actions))
                    .resources(resources);
            if (conditions != null) {
                statement.conditions(conditions);
            }
            role.addToPrincipalPolicy(statement.build());
        }
    }

    /**
     * The two wildcards cdk-nag reports on these roles, each already as narrow as IAM allows:
     * {@code <table>/index/*} (the grant covers this table's own indexes, whose names the contract
     * fixes) and {@code <bucket>/<prefix>/*} (objects under one contract prefix).
     */
    private static void explainIndexAndPrefixWildcards(IRole role) {
        Nag.suppress(
                role,
                "AwsSolutions-IAM5",
                "Object keys are created at runtime under fixed contract prefixes (inputs/, outputs/, batches/...,"
                        + " models/); a table grant includes that table's own indexes. Both wildcards stay inside one"
                        + " named table or one bucket prefix.",
                "^Resource::<.+Table[0-9A-F]{8}\\.Arn>/index/\\*$",
                "^Resource::<.+DataBucket[0-9A-F]{8}\\.Arn>/[a-z/]+/\\*$");
    }
}
