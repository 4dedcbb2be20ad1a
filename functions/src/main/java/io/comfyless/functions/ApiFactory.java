package io.comfyless.functions;

import io.comfyless.contract.Table;
import io.comfyless.core.account.Accounts;
import io.comfyless.core.batch.BatchUploads;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.events.BackgroundJobEvents;
import io.comfyless.core.health.AwsProbes;
import io.comfyless.core.health.HealthChecker;
import io.comfyless.core.job.IdGenerator;
import io.comfyless.core.job.JobRequestParser;
import io.comfyless.core.job.JobService;
import io.comfyless.core.net.UrlGuard;
import io.comfyless.core.preset.PresetCatalog;
import io.comfyless.core.preset.PresetParser;
import io.comfyless.core.storage.S3BlobStore;
import io.comfyless.core.template.TemplateService;
import io.comfyless.core.tenant.ApiKeys;
import io.comfyless.core.tenant.DynamoRateLimiter;
import io.comfyless.functions.api.AuthRoutes;
import io.comfyless.functions.api.BatchRoutes;
import io.comfyless.functions.api.DashboardQueueRoutes;
import io.comfyless.functions.api.DashboardWorkflowRoutes;
import io.comfyless.functions.api.HealthRoutes;
import io.comfyless.functions.api.KeyRoutes;
import io.comfyless.functions.api.OpenApiRoutes;
import io.comfyless.functions.api.OutputLinks;
import io.comfyless.functions.api.QueueRoutes;
import io.comfyless.functions.api.ResourceRoutes;
import io.comfyless.functions.api.ScheduleRoutes;
import io.comfyless.functions.api.TaskRoutes;
import io.comfyless.functions.api.TemplateRoutes;
import io.comfyless.functions.api.UnversionedWorkflowRoutes;
import io.comfyless.functions.api.WebhookRoutes;
import io.comfyless.functions.api.WorkerRoutes;
import io.comfyless.functions.api.WorkflowRoutes;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.ApiKeyAuthenticator;
import io.comfyless.functions.auth.AuthThrottle;
import io.comfyless.functions.auth.Authenticators;
import io.comfyless.functions.http.Router;
import java.time.Clock;
import java.time.Duration;

/**
 * Assembles the API from configuration: adapters, services, routes. Plain Java, so the Spring
 * application, the local gateway and tests all build the very same router. With
 * {@code ENABLE_AUTH=true} every route but health, readiness, the API reference and the
 * credential-issuing {@code /auth/*} routes needs an API key or a user's access token, and
 * requests count against the tenant's tier; with it off, everything acts as the one local tenant,
 * unlimited.
 */
public final class ApiFactory {

    /** How long an answer may wait for its job events to go out. */
    private static final Duration EVENT_FLUSH = Duration.ofSeconds(5);

    private ApiFactory() {}

    public static Router router(RuntimeConfig config, AwsClients aws, Clock clock) {
        Adapters adapters = new Adapters(config, aws, clock);
        // Job events go out beside the request's own work (a submission's queue message is not held up by
        // EventBridge) and are flushed before each answer, after which Lambda may freeze the process.
        BackgroundJobEvents events = new BackgroundJobEvents(adapters.jobEvents());
        JobService jobs = new JobService(adapters.jobStore(events), adapters.submitQueue(), clock, new IdGenerator());
        JobRequestParser parser = Handlers.parser(adapters);
        S3BlobStore blobs = adapters.blobStore();

        Router router = new Router(clock).filter((route, next) -> (request, params) -> {
            try {
                return next.handle(request, params);
            } finally {
                events.flush(EVENT_FLUSH);
            }
        });
        Access access = Access.open(clock);
        if (config.authEnabled()) {
            ApiKeys keys = ApiKeys.from(config, aws, clock);
            ApiKeyAuthenticator keyAuthenticator = new ApiKeyAuthenticator(keys, clock);
            Accounts accounts = Accounts.from(config, aws, clock);
            AuthThrottle throttle = AuthThrottle.dynamo(aws.dynamo(), config, clock);
            access = Access.enforced(
                    Authenticators.bearer(keyAuthenticator, accounts, throttle),
                    new DynamoRateLimiter(aws.dynamo(), config.table(Table.TENANTS), clock),
                    clock);
            new AuthRoutes(accounts, access, throttle).register(router);
            new KeyRoutes(keys, keyAuthenticator, access).register(router);
        }
        OutputLinks links = new OutputLinks(blobs, config.bucket(), clock);
        WorkflowRoutes workflows = new WorkflowRoutes(jobs, parser, links, adapters.workers(), access, clock);
        workflows.register(router);
        // The routes of documents 001 and 004 accept what those documents accept (see Handlers.documentParser).
        JobRequestParser documentParser = Handlers.documentParser(adapters);
        new UnversionedWorkflowRoutes(jobs, documentParser, workflows, links, access, clock).register(router);
        new TaskRoutes(jobs, parser, workflows, access).register(router);
        new QueueRoutes(jobs, adapters.workers(), access).register(router);
        new WorkerRoutes(adapters.workers(), access).register(router);
        TemplateService templates = Handlers.templateService(adapters, clock);
        new TemplateRoutes(templates, Handlers.builtIns(), access).register(router);
        PresetCatalog presets = new PresetCatalog(
                PresetCatalog.builtIns(), adapters.presetStore(), new PresetParser(UrlGuard.strict()), clock);
        new DashboardWorkflowRoutes(
                        Handlers.documentTemplateService(adapters, clock), Handlers.builtIns(), presets, access)
                .register(router);
        new DashboardQueueRoutes(jobs, documentParser, links, access).register(router);
        new ScheduleRoutes(Handlers.scheduleService(adapters, clock), access).register(router);
        new BatchRoutes(
                        adapters.batchStore(),
                        new BatchUploads(blobs, adapters.batchStore(), config.bucket(), new IdGenerator(), clock),
                        blobs,
                        access)
                .register(router);
        WebhookRoutes.of(
                        adapters.webhookSecrets(),
                        adapters.webhookSubscriptions(),
                        adapters.systemEvents(),
                        config.webhooks().guard(),
                        config.authEnabled(),
                        config.fleet().operatorTenants(),
                        access,
                        clock)
                .register(router);
        new HealthRoutes(new HealthChecker(AwsProbes.readiness(config, aws), HealthRoutes.READY_TIMEOUT), clock)
                .register(router);
        new OpenApiRoutes().register(router);
        ResourceRoutes.register(router, adapters, jobs, presets, access, clock);
        return router;
    }

    /** Jobs on {@link Adapters#jobStore()}, which counts them per tenant so that tier limits hold. */
    public static JobService jobService(Adapters adapters, Clock clock) {
        return new JobService(adapters.jobStore(), adapters.submitQueue(), clock, new IdGenerator());
    }
}
