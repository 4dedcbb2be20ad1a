package io.comfyless.runner;

import io.comfyless.contract.Settings;
import io.comfyless.core.model.ModelPath;
import io.comfyless.core.worker.SetupStage;
import io.comfyless.runner.comfyui.ComfyUiClient;
import io.comfyless.runner.model.ModelStager;
import io.comfyless.runner.worker.WorkerReporter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner process's way from start to taking jobs, each stage reported in its worker record:
 * wait for the ComfyUI beside it to answer (it is started at the same moment and takes seconds to
 * load), copy the models named to be kept warm, then start the runner. The runner is registered
 * from the first moment, so {@code GET /v1/workers} shows a starting worker and what it waits for.
 */
final class RunnerStartup {

    private static final Logger log = LoggerFactory.getLogger(RunnerStartup.class);
    private static final Duration POLL = Duration.ofMillis(250);

    private final ComfyUiClient comfyui;
    private final WorkerReporter reporter;
    private final ModelStager models;
    private final List<ModelPath> warmModels;
    private final Clock clock;
    private final Duration comfyUiStartLimit;

    RunnerStartup(
            ComfyUiClient comfyui,
            WorkerReporter reporter,
            ModelStager models,
            List<ModelPath> warmModels,
            Clock clock,
            Duration comfyUiStartLimit) {
        this.comfyui = comfyui;
        this.reporter = reporter;
        this.models = models;
        this.warmModels = List.copyOf(warmModels);
        this.clock = clock;
        this.comfyUiStartLimit = comfyUiStartLimit;
    }

    /** {@link Settings#WARM_MODELS} as model paths; malformed entries are logged and left out. */
    static List<ModelPath> warmModels(Function<String, String> env) {
        return Arrays.stream(Optional.ofNullable(env.apply(Settings.WARM_MODELS))
                        .orElse("")
                        .split(","))
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .flatMap(entry -> {
                    int slash = entry.indexOf('/');
                    Optional<ModelPath> path = slash <= 0
                            ? Optional.empty()
                            : ModelPath.parse(entry.substring(0, slash), entry.substring(slash + 1));
                    if (path.isEmpty()) {
                        log.warn("Ignoring warm model '{}': expected folder/name", entry);
                    }
                    return path.stream();
                })
                .toList();
    }

    /**
     * Runs setup, then starts {@code runner}. Returns false, without starting it, when ComfyUI did not
     * answer within the limit or {@code stopping} turned true meanwhile (SIGTERM during setup).
     */
    boolean start(Runner runner, BooleanSupplier stopping) throws InterruptedException {
        reporter.stage(SetupStage.STARTING_COMFYUI);
        Instant deadline = clock.instant().plus(comfyUiStartLimit);
        while (!comfyui.isUp()) {
            if (stopping.getAsBoolean()) {
                return false;
            }
            if (clock.instant().isAfter(deadline)) {
                log.error("ComfyUI at {} did not answer within {}", comfyui.base(), comfyUiStartLimit);
                return false;
            }
            Thread.sleep(POLL.toMillis());
        }
        reporter.stage(SetupStage.STAGING_MODELS);
        int warm = models.warm(warmModels);
        log.info("ComfyUI answers; {} of {} warm models present", warm, warmModels.size());
        if (stopping.getAsBoolean()) {
            return false;
        }
        runner.start();
        return true;
    }
}
