package io.comfyless.infra.access;

import io.comfyless.contract.Bucket;
import io.comfyless.contract.Table;
import io.comfyless.infra.Nag;
import io.comfyless.infra.queue.Queues;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.IBucket;

/**
 * Who may do what, for every principal in the stack, in one readable place. Grants are scoped to
 * the tables, queues, bucket prefixes and bus each principal needs; no statement uses the
 * {@code *} action or a {@code *} resource on a data service. Queue consumption for the webhook
 * function and the batch dead-letter destination are granted by their triggers.
 */
public final class Permissions {

    private static final String S3_GET = "s3:GetObject";
    private static final String S3_PUT = "s3:PutObject";
    private static final String S3_ABORT_UPLOAD = "s3:AbortMultipartUpload";

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

    /** The HTTP API: jobs, batches, saved workflows and tenants; enqueue jobs; presign uploads and downloads. */
    public void api(IRole api) {
        List.of(Table.JOBS, Table.BATCHES, Table.CATALOG, Table.TENANTS).forEach(table -> tables.get(table).grantReadWriteData(api));
        tables.get(Table.WORKERS).grantReadData(api);
        // SendMessage plus GetQueueAttributes, which the queue-position and queue-status answers need.
        queues.jobQueues().forEach(queue -> queue.grantSendMessages(api));
        objects(api, List.of(S3_GET, S3_PUT), Bucket.INPUTS_PREFIX, Bucket.BATCH_INCOMING_PREFIX, Bucket.TEMP_PREFIX);
        objects(api, List.of(S3_GET), Bucket.OUTPUTS_PREFIX, Bucket.BATCH_RESULTS_PREFIX);
        bus.grantPutEventsTo(api);
        explainIndexAndPrefixWildcards(api);
    }

    /** The batch trigger: read manifests, write results, create jobs and batch records, enqueue jobs. */
    public void batch(IRole batch) {
        // Read as well as write: a redelivered manifest must find the lines it already turned into jobs.
        tables.get(Table.JOBS).grantReadWriteData(batch);
        tables.get(Table.BATCHES).grantReadWriteData(batch);
        queues.jobQueues().forEach(queue -> queue.grantSendMessages(batch));
        objects(batch, List.of(S3_GET), Bucket.BATCH_INCOMING_PREFIX);
        objects(batch, List.of(S3_PUT), Bucket.BATCH_RESULTS_PREFIX);
        bus.grantPutEventsTo(batch);
        explainIndexAndPrefixWildcards(batch);
    }

    /** The webhook dispatcher: reads the job (URL, secret reference, state) for each message it delivers. */
    public void webhook(IRole webhook) {
        tables.get(Table.JOBS).grantReadData(webhook);
        explainIndexAndPrefixWildcards(webhook);
    }

    /** The reaper: finds lapsed leases, requeues or fails jobs, checks whether their runner still lives. */
    public void reaper(IRole reaper) {
        tables.get(Table.JOBS).grantReadWriteData(reaper);
        tables.get(Table.WORKERS).grantReadData(reaper);
        queues.jobQueues().forEach(queue -> queue.grantSendMessages(reaper));
        // A job the reaper fails after its last attempt is a state change like any other.
        bus.grantPutEventsTo(reaper);
        explainIndexAndPrefixWildcards(reaper);
    }

    /**
     * The GPU runner: claims and updates jobs, heartbeats its worker record, consumes the job queues
     * (receive, delete, extend or release visibility), stages inputs and models, uploads outputs,
     * emits job events, and protects its own task from scale-in while a job runs.
     */
    public void runner(IRole runner, ICluster cluster) {
        tables.get(Table.JOBS).grantReadWriteData(runner);
        tables.get(Table.WORKERS).grantReadWriteData(runner);
        queues.jobQueues().forEach(queue -> queue.grantConsumeMessages(runner));
        objects(runner, List.of(S3_GET), Bucket.INPUTS_PREFIX, Bucket.MODELS_PREFIX);
        objects(runner, List.of(S3_PUT, S3_ABORT_UPLOAD), Bucket.OUTPUTS_PREFIX);
        bus.grantPutEventsTo(runner);
        // ECS task scale-in protection (the agent's task-protection endpoint signs with the task role):
        // a runner marks itself protected while a job executes, so scale-in stops idle runners first.
        runner.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecs:GetTaskProtection", "ecs:UpdateTaskProtection"))
                .resources(List.of(Stack.of(cluster).formatArn(ArnComponents.builder()
                        .service("ecs")
                        .resource("task")
                        .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                        .resourceName(cluster.getClusterName() + "/*")
                        .build())))
                .build());
        explainIndexAndPrefixWildcards(runner);
        Nag.suppress(runner, "AwsSolutions-IAM5",
                "Task ids are only known at runtime; the statement is limited to tasks of this cluster.",
                "^Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:task/<.+>/\\*$");
    }

    private void objects(IGrantable grantee, List<String> actions, String... prefixes) {
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(actions)
                .resources(Arrays.stream(prefixes).map(prefix -> bucket.arnForObjects(prefix + "*")).toList())
                .build());
    }

    /**
     * The two wildcards cdk-nag reports on these roles, each already as narrow as IAM allows:
     * {@code <table>/index/*} (the grant covers this table's own indexes, whose names the contract
     * fixes) and {@code <bucket>/<prefix>/*} (objects under one contract prefix).
     */
    private static void explainIndexAndPrefixWildcards(IRole role) {
        Nag.suppress(role, "AwsSolutions-IAM5",
                "Object keys are created at runtime under fixed contract prefixes (inputs/, outputs/, batches/..., temp/,"
                        + " models/); a table grant includes that table's own indexes. Both wildcards stay inside one"
                        + " named table or one bucket prefix.",
                "^Resource::<.+Table[0-9A-F]{8}\\.Arn>/index/\\*$",
                "^Resource::<.+DataBucket[0-9A-F]{8}\\.Arn>/[a-z/]+/\\*$");
    }
}
