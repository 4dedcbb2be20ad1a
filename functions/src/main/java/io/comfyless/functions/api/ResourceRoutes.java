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
import java.util.Set;

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
        Set<String> operators = config.fleet().operatorTenants();
        ModelChanges changes = new ModelChanges(adapters.systemEvents());
        ModelRoutes modelRoutes = ModelRoutes.of(models, changes, access, config.authEnabled(), operators);
        modelRoutes.register(router);
        ModelUploadRoutes.of(adapters.modelUploads(), changes, access, config.authEnabled(), operators)
                .register(router);
        ModelImports imports =
                new ModelImports(adapters.modelDownloads(), models, UrlGuard.strict(), clock, new IdGenerator());
        ModelDownloadRoutes.of(imports, access, config.authEnabled(), operators).register(router);
        ModelFleet fleet = adapters.modelFleet();
        ModelFleetRoutes.of(models, fleet, config.region(), config.authEnabled(), operators, access)
                .register(router);
        UnversionedModelRoutes.of(models, fleet, imports, adapters.workers(), config.authEnabled(), operators, access)
                .register(router);
        PresetRoutes.of(
                        presets,
                        new PresetInstaller(models, adapters.modelDownloads(), changes, clock, new IdGenerator()),
                        models,
                        config.authEnabled(),
                        operators,
                        access)
                .register(router);
        DashboardModelRoutes.of(models, modelRoutes, imports, presets, config.authEnabled(), operators, access)
                .register(router);
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
                        new Operators(config.authEnabled(), operators))
                .register(router);
    }
}
