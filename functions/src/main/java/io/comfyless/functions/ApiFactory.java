package io.comfyless.functions;

import io.comfyless.contract.Table;
import io.comfyless.core.account.Accounts;
import io.comfyless.core.batch.BatchUploads;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.job.IdGenerator;
import io.comfyless.core.job.JobRequestParser;
import io.comfyless.core.job.JobService;
import io.comfyless.core.storage.S3BlobStore;
import io.comfyless.core.tenant.ApiKeys;
import io.comfyless.core.tenant.DynamoRateLimiter;
import io.comfyless.functions.api.AuthRoutes;
import io.comfyless.functions.api.BatchRoutes;
import io.comfyless.functions.api.HealthRoutes;
import io.comfyless.functions.api.KeyRoutes;
import io.comfyless.functions.api.OpenApiRoutes;
import io.comfyless.functions.api.OutputLinks;
import io.comfyless.functions.api.QueueRoutes;
import io.comfyless.functions.api.ResourceRoutes;
import io.comfyless.functions.api.ScheduleRoutes;
import io.comfyless.functions.api.TaskRoutes;
import io.comfyless.functions.api.TemplateRoutes;
import io.comfyless.functions.api.WebhookRoutes;
import io.comfyless.functions.api.WorkerRoutes;
import io.comfyless.functions.api.WorkflowRoutes;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.ApiKeyAuthenticator;
import io.comfyless.functions.auth.Authenticators;
import io.comfyless.functions.http.Router;
import java.time.Clock;

/**
 * Assembles the API from configuration: adapters, services, routes. Plain Java, so the Spring
 * application, the local gateway and tests all build the very same router. With
 * {@code ENABLE_AUTH=true} every route but health, readiness, the API reference and the
 * credential-issuing {@code /auth/*} routes needs an API key or a user's access token, and
 * requests count against the tenant's tier; with it off, everything acts as the one local tenant,
 * unlimited.
 */
public final class ApiFactory {

    private ApiFactory() {}

    public static Router router(RuntimeConfig config, AwsClients aws, Clock clock) {
        Adapters adapters = new Adapters(config, aws);
        JobService jobs = jobService(adapters, clock);
        JobRequestParser parser = Handlers.parser(adapters);
        S3BlobStore blobs = adapters.blobStore();

        Router router = new Router();
        Access access = Access.open(clock);
        if (config.authEnabled()) {
            ApiKeys keys = ApiKeys.from(config, aws);
            ApiKeyAuthenticator keyAuthenticator = new ApiKeyAuthenticator(keys, clock);
            Accounts accounts = Accounts.from(config, aws, clock);
            access = Access.enforced(
                    Authenticators.bearer(keyAuthenticator, accounts),
                    new DynamoRateLimiter(aws.dynamo(), config.table(Table.TENANTS), clock),
                    clock);
            new AuthRoutes(accounts, access).register(router);
            new KeyRoutes(keys, keyAuthenticator, access).register(router);
        }
        WorkflowRoutes workflows =
                new WorkflowRoutes(jobs, parser, new OutputLinks(blobs, config.bucket(), clock), access, clock);
        workflows.register(router);
        new TaskRoutes(jobs, parser, workflows, access).register(router);
        new QueueRoutes(jobs, access).register(router);
        new WorkerRoutes(adapters.workers(), access).register(router);
        new TemplateRoutes(Handlers.templateService(adapters, clock), Handlers.builtIns(), access).register(router);
        new ScheduleRoutes(Handlers.scheduleService(adapters, clock), access).register(router);
        new BatchRoutes(
                        adapters.batchStore(),
                        new BatchUploads(blobs, adapters.batchStore(), config.bucket(), new IdGenerator(), clock),
                        blobs,
                        access)
                .register(router);
        new WebhookRoutes(adapters.webhookSecrets(), access).register(router);
        new HealthRoutes(jobs, clock).register(router);
        new OpenApiRoutes().register(router);
        ResourceRoutes.register(router, adapters, jobs, access, clock);
        return router;
    }

    /** Jobs on {@link Adapters#jobStore()}, which counts them per tenant so that tier limits hold. */
    public static JobService jobService(Adapters adapters, Clock clock) {
        return new JobService(adapters.jobStore(), adapters.jobQueue(), clock, new IdGenerator());
    }
}
