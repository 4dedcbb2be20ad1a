package io.comfyless.bench.coldstart;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./comfyless bench cold-start [repeats]}: what a first job on an idle stack waits for.
 * Measures on this machine what can be measured here — the runner process from start to registered
 * and ready, a real ComfyUI from process start to {@code /object_info} answering, model staging
 * from S3 (the emulator), and a submit on an empty fleet until the desired count is raised (against
 * a submit on a fleet already awake, in the same run) — then prints the cold-start budget in AWS for
 * both host images, baked and plain, one line per stage with its figure and where the figure
 * comes from.
 */
public final class ColdStartBenchmark {

    private ColdStartBenchmark() {}

    public static void main(String[] args) throws Exception {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        System.out.printf("Cold-start benchmark: each stage measured %d times on this machine%n%n", repeats);
        List<Samples> measured = new ArrayList<>();
        try (ColdStartStages stages = ColdStartStages.start()) {
            measured.add(stages.submitUntilDesiredRaised(repeats + 2));
            measured.add(stages.submitOnAnAwakeFleet(repeats + 2));
            measured.add(stages.runnerStartToRegistered(repeats));
            measured.add(stages.runnerStartToReady(repeats));
            measured.add(stages.modelStagingThroughput(repeats));
            Optional<Samples> comfyUi = stages.realComfyUiStartToObjectInfo(repeats);
            comfyUi.ifPresent(measured::add);
            measured.forEach(samples -> System.out.println(samples.line()));
            if (comfyUi.isEmpty()) {
                System.out.println("real ComfyUI start: skipped, " + stages.comfyUiSkipReason());
            }
        }
        System.out.println();
        ColdStartBudget budget = ColdStartBudget.from(measured);
        System.out.println(budget.table(ColdStartBudget.Host.BAKED));
        System.out.println(budget.table(ColdStartBudget.Host.PLAIN));
        System.exit(0);
    }
}
