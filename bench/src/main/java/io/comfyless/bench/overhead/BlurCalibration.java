package io.comfyless.bench.overhead;

import java.time.Duration;

/**
 * Sizes the blur workload for one ComfyUI: the image edge at which one ImageBlur of the given radius
 * takes about {@code target} on that server, found by running it directly and scaling the pixel count.
 */
final class BlurCalibration {

    static final int RADIUS = 24;
    private static final int MIN_SIDE = 64;
    private static final int MAX_SIDE = 4096;

    private BlurCalibration() {}

    /** The calibrated workload and what one prompt of it took. */
    record Calibrated(Workload workload, Duration measured) {}

    static Calibrated calibrate(ComfyServer server, BusyMonitor monitor, Duration target) throws Exception {
        int side = 384;
        Duration measured = Duration.ZERO;
        try (DirectClient client = new DirectClient(server.url())) {
            // Warm first: the double runs the blur in this JVM, which compiles it only after a few runs.
            for (int i = 0; i < 3; i++) {
                measure(Workload.blur(side, RADIUS), client, monitor);
            }
            for (int round = 0; round < 4; round++) {
                // The shorter of two runs: the machine's other work only ever adds time.
                Duration first = measure(Workload.blur(side, RADIUS), client, monitor);
                Duration second = measure(Workload.blur(side, RADIUS), client, monitor);
                measured = first.compareTo(second) < 0 ? first : second;
                double ratio = Phase.Result.seconds(target) / Math.max(0.001, Phase.Result.seconds(measured));
                if (Math.abs(ratio - 1) < 0.1) {
                    break;
                }
                side = (int) Math.max(MIN_SIDE, Math.min(MAX_SIDE, Math.round(side * Math.sqrt(ratio) / 16) * 16));
            }
        }
        return new Calibrated(Workload.blur(side, RADIUS), measured);
    }

    private static Duration measure(Workload workload, DirectClient client, BusyMonitor monitor) throws Exception {
        monitor.awaitIdle(Duration.ofMinutes(2));
        long start = System.nanoTime();
        client.run(workload.nextPrompt());
        return monitor.between(start, System.nanoTime()).busy();
    }
}
