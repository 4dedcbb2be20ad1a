package io.comfyless.core.config;

import io.comfyless.contract.Queue;
import io.comfyless.contract.Table;
import io.comfyless.core.batch.BatchCompletion;
import io.comfyless.core.batch.BatchFinisher;
import io.comfyless.core.batch.BatchStore;
import io.comfyless.core.batch.DynamoBatchStore;
import io.comfyless.core.events.EventBridgeJobEvents;
import io.comfyless.core.events.EventBridgePublisher;
import io.comfyless.core.events.EventPublishingJobStore;
import io.comfyless.core.events.FanOutJobEvents;
import io.comfyless.core.events.JobEvents;
import io.comfyless.core.file.InputFiles;
import io.comfyless.core.fleet.EcsFleetCapacity;
import io.comfyless.core.fleet.FleetCapacity;
import io.comfyless.core.fleet.FleetSettings;
import io.comfyless.core.job.DynamoJobStore;
import io.comfyless.core.job.IdGenerator;
import io.comfyless.core.job.JobStore;
import io.comfyless.core.job.Lane;
import io.comfyless.core.live.ApiGatewayConnections;
import io.comfyless.core.live.ConnectionGateway;
import io.comfyless.core.live.ConnectionStore;
import io.comfyless.core.live.DynamoConnectionStore;
import io.comfyless.core.model.DynamoModelDownloads;
import io.comfyless.core.model.EventPublishingModelDownloads;
import io.comfyless.core.model.ModelDownloads;
import io.comfyless.core.model.ModelStore;
import io.comfyless.core.model.ModelUploads;
import io.comfyless.core.model.S3ModelStore;
import io.comfyless.core.queue.JobQueue;
import io.comfyless.core.queue.SqsJobQueue;
import io.comfyless.core.schedule.DynamoScheduleStore;
import io.comfyless.core.schedule.EventBridgeScheduleRegistry;
import io.comfyless.core.schedule.ScheduleRegistry;
import io.comfyless.core.schedule.ScheduleStore;
import io.comfyless.core.storage.S3BlobStore;
import io.comfyless.core.template.DynamoTemplateStore;
import io.comfyless.core.template.TemplateStore;
import io.comfyless.core.tenant.DynamoTenantStore;
import io.comfyless.core.tenant.DynamoUnfinishedJobs;
import io.comfyless.core.tenant.TenantCountingJobStore;
import io.comfyless.core.tenant.TenantTiers;
import io.comfyless.core.webhook.DynamoWebhookSecrets;
import io.comfyless.core.webhook.SqsWebhookQueue;
import io.comfyless.core.webhook.WebhookNotifier;
import io.comfyless.core.webhook.WebhookQueue;
import io.comfyless.core.webhook.WebhookSecrets;
import io.comfyless.core.worker.DynamoWorkerRegistry;
import io.comfyless.core.worker.EventPublishingWorkerRegistry;
import io.comfyless.core.worker.WorkerRegistry;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place ports are bound to their AWS adapters. The API, the runner, the reaper and the
 * local stack all take their stores and queues from here, so a store decorator added here (events,
 * counters) applies to every writer alike.
 */
public final class Adapters {

    private final RuntimeConfig config;
    private final AwsClients aws;

    public Adapters(RuntimeConfig config, AwsClients aws) {
        this.config = config;
        this.aws = aws;
    }

    public RuntimeConfig config() {
        return config;
    }

    public AwsClients aws() {
        return aws;
    }

    /**
     * Jobs, counted per tenant: every writer goes through {@link TenantCountingJobStore}, so that
     * tier limits hold at submission and each job leaves its tenant's count exactly once when it ends.
     * Inside it, {@link EventPublishingJobStore} reports every transition to {@link #jobEvents()}.
     */
    public JobStore jobStore() {
        String tenants = config.table(Table.TENANTS);
        return new TenantCountingJobStore(
                new EventPublishingJobStore(new DynamoJobStore(aws.dynamo(), config.table(Table.JOBS)), jobEvents()),
                new DynamoUnfinishedJobs(aws.dynamo(), tenants),
                new TenantTiers(new DynamoTenantStore(aws.dynamo(), tenants), Clock.systemUTC()));
    }

    public JobQueue jobQueue() {
        Map<Lane, String> lanes = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            lanes.put(lane, config.queueUrl(lane.queue()));
        }
        return new SqsJobQueue(aws.sqs(), lanes);
    }

    public S3BlobStore blobStore() {
        return new S3BlobStore(aws.s3(), aws.presigner(), config.bucket());
    }

    /**
     * Who hears about job transitions: the EventBridge bus ("Job State Change"), the webhooks
     * queue (jobs with a webhook), and batch bookkeeping (the end of a batch). Each best effort.
     */
    public JobEvents jobEvents() {
        return new FanOutJobEvents(List.of(
                new EventBridgeJobEvents(bus()),
                new WebhookNotifier(webhookQueue(), Clock.systemUTC()),
                new BatchCompletion(batchStore(), new BatchFinisher(batchStore(), blobStore(), Clock.systemUTC()))));
    }

    /** The stack's bus, for what is published besides job state changes (downloads, runners). */
    public EventBridgePublisher bus() {
        return new EventBridgePublisher(aws.events(), config.eventBus());
    }

    public WebhookQueue webhookQueue() {
        return new SqsWebhookQueue(aws.sqs(), config.queueUrl(Queue.WEBHOOKS), config.queueUrl(Queue.WEBHOOKS_DLQ));
    }

    public WebhookSecrets webhookSecrets() {
        return new DynamoWebhookSecrets(aws.dynamo(), config.table(Table.TENANTS), Clock.systemUTC());
    }

    public BatchStore batchStore() {
        return new DynamoBatchStore(aws.dynamo(), config.table(Table.BATCHES), config.table(Table.JOBS));
    }

    public TemplateStore templateStore() {
        return new DynamoTemplateStore(aws.dynamo(), config.table(Table.CATALOG));
    }

    public ScheduleStore scheduleStore() {
        return new DynamoScheduleStore(aws.dynamo(), config.table(Table.CATALOG));
    }

    /** Empty on a stack without a schedule target configured. */
    public Optional<ScheduleRegistry> scheduleRegistry() {
        return config.scheduleTarget().map(target -> new EventBridgeScheduleRegistry(aws.scheduler(), target));
    }

    /** Runner records; a runner's change of state is also put on the bus (the live fleet channel). */
    public WorkerRegistry workers() {
        return new EventPublishingWorkerRegistry(
                new DynamoWorkerRegistry(aws.dynamo(), config.table(Table.WORKERS)), bus());
    }

    /** The model store under {@code models/} in the bucket. */
    public ModelStore modelStore() {
        return new S3ModelStore(aws.s3(), config.bucket());
    }

    /** Model download requests, which runners fulfil, in the catalog table. */
    public ModelDownloads modelDownloads() {
        return new EventPublishingModelDownloads(
                new DynamoModelDownloads(aws.dynamo(), config.table(Table.CATALOG)), bus());
    }

    /** Live-update connections and their subscriptions. */
    public ConnectionStore connections() {
        return new DynamoConnectionStore(aws.dynamo(), config.table(Table.CONNECTIONS), Clock.systemUTC());
    }

    /**
     * Posts to live connections through API Gateway's management API; only on a process told the
     * WebSocket API's endpoint ({@code COMFYLESS_LIVE_ENDPOINT}).
     */
    public Optional<ConnectionGateway> connectionGateway() {
        return config.liveEndpoint().map(endpoint -> new ApiGatewayConnections(aws.connections(endpoint)));
    }

    public ModelUploads modelUploads() {
        return new ModelUploads(aws.s3(), aws.presigner(), config.bucket(), modelStore(), Clock.systemUTC());
    }

    /** Tenants' workflow input files under {@code inputs/<tenant>/}. */
    public InputFiles inputFiles() {
        return new InputFiles(aws.s3(), aws.presigner(), config.bucket(), Clock.systemUTC(), new IdGenerator());
    }

    /** The runner service's task counts from ECS; nothing on a stack that names no service. */
    public FleetCapacity fleetCapacity() {
        FleetSettings fleet = config.fleet();
        return fleet.hasService()
                ? new EcsFleetCapacity(
                        aws.ecs(),
                        fleet.ecsCluster().orElseThrow(),
                        fleet.ecsService().orElseThrow())
                : FleetCapacity.none();
    }
}
