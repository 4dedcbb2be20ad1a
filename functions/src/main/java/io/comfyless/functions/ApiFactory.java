package io.comfyless.functions;

import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.job.IdGenerator;
import io.comfyless.core.job.JobRequestParser;
import io.comfyless.core.job.JobService;
import io.comfyless.core.storage.S3BlobStore;
import io.comfyless.core.template.BuiltInTemplates;
import io.comfyless.core.workflow.InputOverrides;
import io.comfyless.core.workflow.SeedSource;
import io.comfyless.core.workflow.WorkflowValidator;
import io.comfyless.functions.api.HealthRoutes;
import io.comfyless.functions.api.OutputLinks;
import io.comfyless.functions.api.QueueRoutes;
import io.comfyless.functions.api.TaskRoutes;
import io.comfyless.functions.api.WorkerRoutes;
import io.comfyless.functions.api.WorkflowRoutes;
import io.comfyless.functions.auth.Authenticator;
import io.comfyless.functions.auth.Authenticators;
import io.comfyless.functions.http.Router;
import java.time.Clock;

/**
 * Assembles the API from configuration: adapters, services, routes. Plain Java, so the Spring
 * application, the local gateway and tests all build the very same router.
 */
public final class ApiFactory {

    private ApiFactory() {
    }

    public static Router router(RuntimeConfig config, AwsClients aws, Clock clock) {
        Adapters adapters = new Adapters(config, aws);
        JobService jobs = jobService(adapters, clock);
        JobRequestParser parser = new JobRequestParser(new WorkflowValidator(config.validationRules()),
                new InputOverrides(SeedSource.secureRandom()), BuiltInTemplates.load());
        S3BlobStore blobs = adapters.blobStore();
        Authenticator auth = config.authEnabled() ? Authenticators.closed() : Authenticators.open();

        Router router = new Router();
        WorkflowRoutes workflows = new WorkflowRoutes(jobs, parser, new OutputLinks(blobs, config.bucket(), clock), auth);
        workflows.register(router);
        new TaskRoutes(jobs, parser, workflows, auth).register(router);
        new QueueRoutes(jobs, auth).register(router);
        new WorkerRoutes(adapters.workers(), auth).register(router);
        new HealthRoutes(jobs, clock).register(router);
        return router;
    }

    public static JobService jobService(Adapters adapters, Clock clock) {
        return new JobService(adapters.jobStore(), adapters.jobQueue(), clock, new IdGenerator());
    }
}
