package io.comfyless.core.config;

import io.comfyless.contract.Queue;
import io.comfyless.contract.Table;
import io.comfyless.core.batch.BatchCompletion;
import io.comfyless.core.batch.BatchFinisher;
import io.comfyless.core.batch.BatchStore;
import io.comfyless.core.batch.DynamoBatchStore;
import io.comfyless.core.catalog.CurrentCatalog;
import io.comfyless.core.catalog.NodeCatalogSource;
import io.comfyless.core.catalog.NodeCatalogStore;
import io.comfyless.core.catalog.S3NodeCatalogStore;
import io.comfyless.core.events.BackgroundJobEvents;
import io.comfyless.core.events.EventBridgeJobEvents;
import io.comfyless.core.events.EventBridgePublisher;
import io.comfyless.core.events.EventPublishingJobStore;
import io.comfyless.core.events.FanOutJobEvents;
import io.comfyless.core.events.JobEvents;
import io.comfyless.core.file.InputFiles;
import io.comfyless.core.fleet.AwsFleetControl;
import io.comfyless.core.fleet.DynamoWakeMark;
import io.comfyless.core.fleet.FleetControl;
import io.comfyless.core.fleet.FleetSettings;
import io.comfyless.core.fleet.FleetWaker;
import io.comfyless.core.fleet.WakingJobQueue;
import io.comfyless.core.job.DynamoJobStore;
import io.comfyless.core.job.IdGenerator;
import io.comfyless.core.job.JobStore;
import io.comfyless.core.job.Lane;
import io.comfyless.core.live.ApiGatewayConnections;
import io.comfyless.core.live.ConnectionGateway;
import io.comfyless.core.live.ConnectionStore;
import io.comfyless.core.live.DynamoConnectionStore;
import io.comfyless.core.model.DynamoFleetModelStore;
import io.comfyless.core.model.DynamoModelDownloads;
import io.comfyless.core.model.EventPublishingModelDownloads;
import io.comfyless.core.model.FleetModelStore;
import io.comfyless.core.model.ModelDownloads;
import io.comfyless.core.model.ModelFleet;
import io.comfyless.core.model.ModelPath;
import io.comfyless.core.model.ModelStore;
import io.comfyless.core.model.ModelUploads;
import io.comfyless.core.model.S3ModelStore;
import io.comfyless.core.net.UrlGuard;
import io.comfyless.core.preset.DynamoPresetStore;
import io.comfyless.core.preset.PresetStore;
import io.comfyless.core.queue.JobQueue;
import io.comfyless.core.queue.SqsJobQueue;
import io.comfyless.core.schedule.DynamoScheduleStore;
import io.comfyless.core.schedule.EventBridgeScheduleRegistry;
import io.comfyless.core.schedule.ScheduleRegistry;
import io.comfyless.core.schedule.ScheduleStore;
import io.comfyless.core.storage.S3BlobStore;
import io.comfyless.core.template.DynamoTemplateStore;
import io.comfyless.core.template.TemplateStore;
import io.comfyless.core.tenant.TenantCountingJobStore;
import io.comfyless.core.tenant.TenantLimits;
import io.comfyless.core.webhook.DynamoWebhookSecrets;
import io.comfyless.core.webhook.DynamoWebhookSubscriptions;
import io.comfyless.core.webhook.SqsWebhookQueue;
import io.comfyless.core.webhook.SystemEvents;
import io.comfyless.core.webhook.WebhookNotifier;
import io.comfyless.core.webhook.WebhookQueue;
import io.comfyless.core.webhook.WebhookSecrets;
import io.comfyless.core.webhook.WebhookSubscriptions;
import io.comfyless.core.worker.DynamoWorkerRegistry;
import io.comfyless.core.worker.EventPublishingWorkerRegistry;
import io.comfyless.core.worker.WorkerRegistry;
import io.comfyless.core.workflow.WorkflowValidator;
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
    /** One per process, so the catalogue is read and parsed once, not per request. */
    private CurrentCatalog currentCatalog;

    private final Clock clock;

    /** Adapters on the system clock, as deployed code runs. */
    public Adapters(RuntimeConfig config, AwsClients aws) {
        this(config, aws, Clock.systemUTC());
    }

    /** @param clock every time the adapters read (expiries, windows, timestamps) */
    public Adapters(RuntimeConfig config, AwsClients aws, Clock clock) {
        this.config = config;
        this.aws = aws;
        this.clock = clock;
    }

    public RuntimeConfig config() {
        return config;
    }

    public AwsClients aws() {
        return aws;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Jobs, counted per tenant: every writer goes through {@link TenantCountingJobStore}, so that
     * tier limits hold at submission and each job leaves its tenant's count exactly once when it ends.
     * Inside it, {@link EventPublishingJobStore} reports every transition to {@link #jobEvents()}.
     */
    public JobStore jobStore() {
        return jobStore(jobEvents());
    }

    /**
     * As {@link #jobStore()}, reporting transitions to {@code events}: a runner passes
     * {@link BackgroundJobEvents} around {@link #jobEvents()}, so that no job waits for EventBridge.
     */
    public JobStore jobStore(JobEvents events) {
        return new TenantCountingJobStore(
                new EventPublishingJobStore(new DynamoJobStore(aws.dynamo(), config.table(Table.JOBS)), events),
                tenantLimits());
    }

    /** Every tier limit on jobs; batch ingest counts its lines here too. */
    public TenantLimits tenantLimits() {
        return TenantLimits.dynamo(aws.dynamo(), config.table(Table.TENANTS), clock);
    }

    /**
     * The jobs table alone, for code that only reads jobs (signing a webhook): no event
     * publishing and no tenant counting, so none of their clients are built.
     */
    public JobStore jobRecords() {
        return new DynamoJobStore(aws.dynamo(), config.table(Table.JOBS));
    }

    public JobQueue jobQueue() {
        Map<Lane, String> lanes = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            lanes.put(lane, config.queueUrl(lane.queue()));
        }
        return new SqsJobQueue(aws.sqs(), lanes);
    }

    /**
     * The job queue of processes that submit jobs (API, batch, schedules): on a stack with a fleet,
     * queuing a job also wakes the fleet when it is at zero ({@link FleetWaker}).
     */
    public JobQueue submitQueue() {
        return fleetControl()
                .<JobQueue>map(fleet -> new WakingJobQueue(
                        jobQueue(),
                        new FleetWaker(new DynamoWakeMark(aws.dynamo(), config.table(Table.CATALOG)), fleet, clock)))
                .orElseGet(this::jobQueue);
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
                new WebhookNotifier(webhookQueue(), clock),
                new BatchCompletion(batchStore(), new BatchFinisher(batchStore(), blobStore(), clock))));
    }

    /** The stack's bus, for what is published besides job state changes (downloads, runners). */
    public EventBridgePublisher bus() {
        return new EventBridgePublisher(aws.events(), config.eventBus());
    }

    public WebhookQueue webhookQueue() {
        return new SqsWebhookQueue(aws.sqs(), config.queueUrl(Queue.WEBHOOKS), config.queueUrl(Queue.WEBHOOKS_DLQ));
    }

    /**
     * Tenants' subscriptions to events about the stack, in the catalog table: runners announce
     * capacity and models too, and only the API may look into the tenants table.
     */
    public WebhookSubscriptions webhookSubscriptions() {
        return new DynamoWebhookSubscriptions(aws.dynamo(), config.table(Table.CATALOG));
    }

    /** {@code model.updated} and {@code system.*} webhooks for the tenants subscribed to them. */
    public SystemEvents systemEvents() {
        return new SystemEvents(webhookSubscriptions(), webhookQueue(), clock);
    }

    public WebhookSecrets webhookSecrets() {
        return new DynamoWebhookSecrets(aws.dynamo(), config.table(Table.TENANTS), clock);
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
                new DynamoWorkerRegistry(aws.dynamo(), config.table(Table.WORKERS), clock), bus());
    }

    /** Where runners publish their ComfyUI's node catalogue, under {@code catalog/} in the bucket. */
    public NodeCatalogStore nodeCatalogs() {
        return new S3NodeCatalogStore(aws.s3(), config.bucket(), clock);
    }

    /** The published node catalogue as this process caches it. */
    public synchronized CurrentCatalog currentCatalog() {
        if (currentCatalog == null) {
            currentCatalog = new CurrentCatalog(nodeCatalogs(), clock);
        }
        return currentCatalog;
    }

    /**
     * Validation of a workflow's structure and input URLs only, never against the node catalogue: what
     * the routes kept compatible with older API documents check, so that a client written against one
     * keeps working (a workflow ComfyUI cannot run fails on the runner, as those systems let it).
     */
    public WorkflowValidator structuralValidator() {
        return new WorkflowValidator(
                config.validationRules(), NodeCatalogSource.none(), (folder, name) -> false, UrlGuard.strict());
    }

    /**
     * Validation of submitted workflows: their structure, and once runners have published one, the node catalogue
     * and the model store.
     */
    public WorkflowValidator workflowValidator() {
        ModelStore store = modelStore();
        return new WorkflowValidator(
                config.validationRules(),
                currentCatalog(),
                (folder, name) ->
                        ModelPath.parse(folder, name).flatMap(store::find).isPresent(),
                UrlGuard.strict());
    }

    /** The model store under {@code models/} in the bucket. */
    public ModelStore modelStore() {
        return new S3ModelStore(aws.s3(), config.bucket());
    }

    /** The fleet's model commands (load, unload, clean up), in the catalog table. */
    public FleetModelStore fleetModels() {
        return new DynamoFleetModelStore(aws.dynamo(), config.table(Table.CATALOG));
    }

    /** Models on the runners' caches, with the commands that move them there and away. */
    public ModelFleet modelFleet() {
        return new ModelFleet(fleetModels(), modelStore(), workers(), systemEvents(), clock);
    }

    /** Presets defined at runtime, stack-wide, in the catalog table. */
    public PresetStore presetStore() {
        return new DynamoPresetStore(aws.dynamo(), config.table(Table.CATALOG));
    }

    /** Model download requests, which runners fulfil, in the catalog table. */
    public ModelDownloads modelDownloads() {
        return new EventPublishingModelDownloads(
                new DynamoModelDownloads(aws.dynamo(), config.table(Table.CATALOG)), bus());
    }

    /** Live-update connections and their subscriptions. */
    public ConnectionStore connections() {
        return new DynamoConnectionStore(aws.dynamo(), config.table(Table.CONNECTIONS), clock);
    }

    /**
     * Posts to live connections through API Gateway's management API; only on a process told the
     * WebSocket API's endpoint ({@code COMFYLESS_LIVE_ENDPOINT}).
     */
    public Optional<ConnectionGateway> connectionGateway() {
        return config.liveEndpoint().map(endpoint -> new ApiGatewayConnections(aws.connections(endpoint)));
    }

    public ModelUploads modelUploads() {
        return new ModelUploads(aws.s3(), aws.presigner(), config.bucket(), modelStore(), clock);
    }

    /** Tenants' workflow input files under {@code inputs/<tenant>/}. */
    public InputFiles inputFiles() {
        return new InputFiles(aws.s3(), aws.presigner(), config.bucket(), clock, new IdGenerator());
    }

    /** The runner service, its scaling bounds and its instance group; empty on a stack that names no service. */
    public Optional<FleetControl> fleetControl() {
        FleetSettings fleet = config.fleet();
        if (!fleet.hasService()) {
            return Optional.empty();
        }
        return Optional.of(new AwsFleetControl(
                aws::ecs,
                aws::applicationAutoScaling,
                aws::autoScaling,
                fleet.ecsCluster().orElseThrow(),
                fleet.ecsService().orElseThrow(),
                fleet.group()));
    }
}
