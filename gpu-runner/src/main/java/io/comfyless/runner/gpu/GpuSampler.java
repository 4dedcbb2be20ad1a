package io.comfyless.runner.gpu;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the GPU's utilisation and memory once a second from one long-running {@code nvidia-smi}
 * process ({@code -lms}), so sampling costs no process start per reading; without {@code nvidia-smi}
 * (a CPU host, the local stack) it reads nothing and the figures stay null. Each job opens a
 * {@link Window} that collects the readings taken while it runs: its average utilisation and peak
 * memory. Other sources (ComfyUI's {@code /system_stats}) may {@link #record} readings too.
 */
public final class GpuSampler implements AutoCloseable {

    /** Path of the {@code nvidia-smi} to run; found on the PATH when unset. */
    public static final String COMMAND = "COMFYLESS_NVIDIA_SMI";

    private static final Logger log = LoggerFactory.getLogger(GpuSampler.class);
    private static final long MIB = 1024L * 1024;

    private final Clock clock;
    private final List<Window> windows = new CopyOnWriteArrayList<>();
    private volatile GpuSample latest;
    private volatile Process process;
    private volatile boolean fromNvidiaSmi;

    private GpuSampler(Clock clock) {
        this.clock = clock;
    }

    /** A sampler fed only through {@link #record}. */
    public static GpuSampler manual(Clock clock) {
        return new GpuSampler(clock);
    }

    /** Starts {@code nvidia-smi} when there is one; otherwise a sampler that reads nothing by itself. */
    public static GpuSampler start(Optional<String> command, Clock clock) {
        GpuSampler sampler = new GpuSampler(clock);
        Optional<Path> executable = command.map(Path::of).or(GpuSampler::onPath).filter(Files::isExecutable);
        if (executable.isEmpty()) {
            log.info("No nvidia-smi: GPU utilisation and memory peaks are not measured");
            return sampler;
        }
        try {
            Process process = new ProcessBuilder(
                            executable.get().toString(),
                            "--query-gpu=index,utilization.gpu,memory.used,memory.total",
                            "--format=csv,noheader,nounits",
                            "-lms",
                            "1000")
                    .redirectErrorStream(true)
                    .start();
            sampler.process = process;
            sampler.fromNvidiaSmi = true;
            Thread reader = new Thread(() -> sampler.read(process), "nvidia-smi");
            reader.setDaemon(true);
            reader.start();
        } catch (IOException e) {
            log.warn("Cannot run {}: {}; GPU figures stay null", executable.get(), e.toString());
        }
        return sampler;
    }

    /** Whether readings come from {@code nvidia-smi}, which also knows utilisation. */
    public boolean measuresUtilization() {
        return fromNvidiaSmi;
    }

    public Optional<GpuSample> latest() {
        return Optional.ofNullable(latest);
    }

    public void record(GpuSample sample) {
        latest = sample;
        windows.forEach(window -> window.add(sample));
    }

    /** Starts collecting readings for one job; close it when the job leaves the GPU. */
    public Window open() {
        Window window = new Window();
        windows.add(window);
        return window;
    }

    @Override
    public void close() {
        Process running = process;
        if (running != null) {
            running.destroy();
        }
    }

    /** One line of {@code nvidia-smi}'s CSV: {@code index, utilization %, memory used MiB, memory total MiB}. */
    static Optional<GpuSample> parse(String line, Clock clock) {
        String[] fields = line.split(",");
        if (fields.length != 4) {
            return Optional.empty();
        }
        try {
            if (Integer.parseInt(fields[0].trim()) != 0) {
                return Optional.empty(); // one runner per GPU: the first one its container sees
            }
            return Optional.of(new GpuSample(
                    clock.instant(),
                    Double.parseDouble(fields[1].trim()),
                    Long.parseLong(fields[2].trim()) * MIB,
                    Long.parseLong(fields[3].trim()) * MIB));
        } catch (NumberFormatException notASample) {
            return Optional.empty(); // "[N/A]" or an error line
        }
    }

    private void read(Process process) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                parse(line, clock).ifPresent(this::record);
            }
        } catch (IOException e) {
            log.warn("nvidia-smi output unreadable: {}", e.toString());
        }
        log.info("nvidia-smi stopped; GPU figures are no longer measured");
    }

    private static Optional<Path> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, "nvidia-smi");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The readings taken while one job ran. */
    public final class Window implements AutoCloseable {

        private int samples;
        private int utilizationSamples;
        private double utilizationSum;
        private Long peakMemory;

        private synchronized void add(GpuSample sample) {
            samples++;
            if (sample.utilizationPercent() != null) {
                utilizationSamples++;
                utilizationSum += sample.utilizationPercent();
            }
            peakMemory = peakMemory == null ? sample.memoryUsedBytes() : Math.max(peakMemory, sample.memoryUsedBytes());
        }

        /** Average utilisation as a fraction (0 to 1); null without readings that carry it. */
        public synchronized Double averageUtilization() {
            return utilizationSamples == 0 ? null : Math.round(utilizationSum / utilizationSamples * 10.0) / 1000.0;
        }

        /** The most GPU memory in use during the window; null without readings. */
        public synchronized Long peakMemoryBytes() {
            return peakMemory;
        }

        public synchronized int samples() {
            return samples;
        }

        @Override
        public void close() {
            windows.remove(this);
        }
    }
}
