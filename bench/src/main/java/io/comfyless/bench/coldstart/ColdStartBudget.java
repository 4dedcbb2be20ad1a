package io.comfyless.bench.coldstart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The cold-start budget in AWS, first job on an idle stack, for a host from the baked AMI and from
 * the stock ECS GPU AMI: one line per stage, each with its figure and its source. A figure measured
 * here is taken from this run; the others are arithmetic from documented figures or estimates, and
 * say which.
 */
final class ColdStartBudget {

    /** Which AMI the GPU host boots. */
    enum Host {
        BAKED("baked AMI (runner image on the host), SDXL-class model in the host cache"),
        PLAIN("stock ECS GPU AMI, image pulled from ECR, model copied from S3");

        final String title;

        Host(String title) {
            this.title = title;
        }
    }

    /** One stage: seconds on each host (0 when it does not apply), and where the figure comes from. */
    record Stage(String name, double bakedSeconds, double plainSeconds, String source) {}

    /** SDXL base 1.0 checkpoint, bytes. */
    static final double SDXL_BYTES = 6.94e9;
    /** The root volume's throughput set by the CDK app (GpuCapacity), bytes/s. */
    static final double ROOT_VOLUME_BYTES_PER_SECOND = 500 * 1024 * 1024;
    /** The runner image's compressed size by the README's arithmetic, bytes. */
    static final double IMAGE_BYTES = 3.6e9;

    private final List<Stage> stages;

    private ColdStartBudget(List<Stage> stages) {
        this.stages = List.copyOf(stages);
    }

    static ColdStartBudget from(List<Samples> measured) {
        Map<String, Samples> byStage = measured.stream().collect(Collectors.toMap(Samples::stage, Function.identity()));
        Function<String, Double> medianSeconds = prefix -> byStage.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(prefix))
                .findFirst()
                .map(entry -> entry.getValue().median() / 1000)
                .orElse(Double.NaN);
        double wake = medianSeconds.apply("submit on an empty fleet");
        double comfyUi = medianSeconds.apply("real ComfyUI");
        double runner = medianSeconds.apply("runner process start until ready");
        List<Stage> stages = new ArrayList<>();
        stages.add(new Stage(
                "job queued -> runner service and instance group raised",
                wake,
                wake,
                "measured here (submit on an empty fleet, emulator)"));
        stages.add(new Stage(
                "instance group -> EC2 launch begins",
                3,
                3,
                "estimate; without the submitter's wake-up the capacity provider waits for its own alarm on a"
                        + " once-a-minute metric (ECS cluster auto scaling), 1-2 min more"));
        stages.add(new Stage(
                "boot, user data, ECS agent registered",
                40,
                40,
                "estimate for the AL2023 ECS GPU AMI; to be measured in AWS (worker setup stage 'launching')"));
        stages.add(new Stage(
                "runner image on the host",
                5,
                IMAGE_BYTES / 50e6,
                "baked: image in the AMI, first reads lazily from its EBS snapshot (estimate); plain: 3.6 GB"
                        + " compressed pulled and unpacked at an assumed 50 MB/s (arithmetic)"));
        // ComfyUI and the runner start together; the later of the two is when jobs are taken.
        double bothUp = Math.max(comfyUi, runner);
        stages.add(new Stage(
                "ComfyUI answering and the runner ready (in parallel)",
                bothUp,
                bothUp,
                String.format(
                        "measured here on 2 busy cores: the later of a real ComfyUI (CPU) to /object_info, %.1f s,"
                                + " and the runner process to ready, %.1f s; a GPU host adds CUDA initialisation",
                        comfyUi, runner)));
        stages.add(new Stage(
                "checkpoint to the host cache",
                0,
                SDXL_BYTES / 100e6,
                "baked/cached: already there; plain: 6.9 GB from S3 at an assumed 100 MB/s on one stream"
                        + " (estimate)"));
        stages.add(new Stage(
                "checkpoint from the host cache into ComfyUI",
                SDXL_BYTES / ROOT_VOLUME_BYTES_PER_SECOND,
                SDXL_BYTES / ROOT_VOLUME_BYTES_PER_SECOND,
                "arithmetic: 6.9 GB at the root volume's 500 MiB/s gp3 throughput (NVMe is faster)"));
        stages.add(new Stage(
                "first image: SDXL 1024x1024, 25 steps",
                8,
                8,
                "estimate for an A10G (g5.xlarge); to be measured in AWS"));
        return new ColdStartBudget(stages);
    }

    List<Stage> stages() {
        return stages;
    }

    double total(Host host) {
        return stages.stream()
                .mapToDouble(stage -> host == Host.BAKED ? stage.bakedSeconds() : stage.plainSeconds())
                .filter(seconds -> !Double.isNaN(seconds))
                .sum();
    }

    String table(Host host) {
        StringBuilder out = new StringBuilder("Cold-start budget in AWS, " + host.title + ":\n");
        for (Stage stage : stages) {
            double seconds = host == Host.BAKED ? stage.bakedSeconds() : stage.plainSeconds();
            out.append(String.format(
                    "  %-62s %7s  %s%n",
                    stage.name(), Double.isNaN(seconds) ? "n/a" : String.format("%.1f s", seconds), stage.source()));
        }
        out.append(String.format("  %-62s %7s%n", "total, first image", String.format("%.0f s", total(host))));
        return out.toString();
    }
}
