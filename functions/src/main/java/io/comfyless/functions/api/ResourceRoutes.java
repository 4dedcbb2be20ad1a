package io.comfyless.functions.api;

import io.comfyless.core.analysis.WorkflowAnalyzer;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.health.AwsProbes;
import io.comfyless.core.health.HealthChecker;
import io.comfyless.core.job.IdGenerator;
import io.comfyless.core.job.JobService;
import io.comfyless.core.model.ModelChanges;
import io.comfyless.core.model.ModelFleet;
import io.comfyless.core.model.ModelImports;
import io.comfyless.core.model.ModelStore;
import io.comfyless.core.net.UrlGuard;
import io.comfyless.core.preset.PresetCatalog;
import io.comfyless.core.preset.PresetInstaller;
import io.comfyless.functions.Handlers;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.http.Router;
import java.time.Clock;
import java.time.Duration;

/**
 * Registers the routes for what the stack holds besides jobs: the model store, its uploads and
 * imports, the models on the runners, presets, input files, workflow analysis, detailed health and
 * metrics, the dashboard's system, model and download views, and the fleet view. One call from
 * {@code ApiFactory}, so these routes are wired in one place of their own.
 */
public final class ResourceRoutes {

    /** A dependency that has not answered by then is reported unhealthy, well inside API Gateway's 29 s. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private ResourceRoutes() {}

    public static void register(
            Router router, Adapters adapters, JobService jobs, PresetCatalog presets, Access access, Clock clock) {
        RuntimeConfig config = adapters.config();
        ModelStore models = adapters.modelStore();
        Operators operators = new Operators(config.authEnabled(), config.fleet().operatorTenants());
        ModelChanges changes = new ModelChanges(adapters.systemEvents());
        ModelRoutes modelRoutes = new ModelRoutes(models, changes, access, operators);
        modelRoutes.register(router);
        new ModelUploadRoutes(adapters.modelUploads(), changes, access, operators).register(router);
        ModelImports imports =
                new ModelImports(adapters.modelDownloads(), models, UrlGuard.strict(), clock, new IdGenerator());
        new ModelDownloadRoutes(imports, access, operators).register(router);
        ModelFleet fleet = adapters.modelFleet();
        new ModelFleetRoutes(models, fleet, config.region(), operators, access).register(router);
        new UnversionedModelRoutes(models, fleet, imports, adapters.workers(), operators, access).register(router);
        new PresetRoutes(
                        presets,
                        new PresetInstaller(models, adapters.modelDownloads(), changes, clock, new IdGenerator()),
                        models,
                        operators,
                        access)
                .register(router);
        new DashboardModelRoutes(models, modelRoutes, imports, presets, operators, access).register(router);
        new DashboardSystemRoutes(jobs, adapters.workers(), models, config.bucket(), access, clock).register(router);
        new FileRoutes(adapters.inputFiles(), access).register(router);
        new UnversionedFileRoutes(adapters.inputFiles(), access).register(router);
        new AnalysisRoutes(
                        new WorkflowAnalyzer(adapters.workflowValidator(), models, adapters.currentCatalog()), access)
                .register(router);
        new MonitoringRoutes(
                        new HealthChecker(AwsProbes.of(config, adapters.aws()), PROBE_TIMEOUT),
                        jobs,
                        adapters.workers(),
                        access,
                        clock)
                .register(router);
        new FleetRoutes(
                        Handlers.fleetService(adapters),
                        Handlers.fleetSchedules(adapters, clock),
                        adapters.workers(),
                        access,
                        operators)
                .register(router);
    }
}
