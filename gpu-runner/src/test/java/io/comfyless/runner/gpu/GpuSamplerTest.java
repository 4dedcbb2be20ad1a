package io.comfyless.runner.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readings from a long-running {@code nvidia-smi}: here a script that prints what
 * {@code nvidia-smi --query-gpu=index,utilization.gpu,memory.used,memory.total --format=csv,noheader,nounits}
 * prints, one line per GPU per reading.
 */
class GpuSamplerTest {

    @TempDir
    Path directory;

    @Test
    void aLineOfTheFirstGpuIsOneReadingInBytes() {
        GpuSample sample =
                GpuSampler.parse("0, 87, 14540, 24564", Clock.systemUTC()).orElseThrow();

        assertThat(sample.utilizationPercent()).isEqualTo(87.0);
        assertThat(sample.memoryUsedBytes()).isEqualTo(14540L * 1024 * 1024);
        assertThat(sample.memoryTotalBytes()).isEqualTo(24564L * 1024 * 1024);
        assertThat(GpuSampler.parse("1, 50, 100, 200", Clock.systemUTC()))
                .as("another GPU")
                .isEmpty();
        assertThat(GpuSampler.parse("0, [N/A], 100, 200", Clock.systemUTC())).isEmpty();
        assertThat(GpuSampler.parse("Failed to initialize NVML", Clock.systemUTC()))
                .isEmpty();
    }

    @Test
    void aJobsWindowAveragesUtilisationAndKeepsThePeakMemoryOfTheReadingsTakenWhileItRan() throws IOException {
        Path script = directory.resolve("nvidia-smi");
        Files.writeString(script, """
                #!/bin/sh
                sleep 1
                echo "0, 40, 1000, 24564"
                echo "1, 99, 9999, 24564"
                echo "0, 80, 3000, 24564"
                echo "0, 60, 2000, 24564"
                sleep 30
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        GpuSampler sampler = GpuSampler.start(Optional.of(script.toString()), Clock.systemUTC());
        try (GpuSampler.Window window = sampler.open()) {

            await().atMost(Duration.ofSeconds(10)).until(() -> window.samples() == 3);

            assertThat(sampler.measuresUtilization()).isTrue();
            assertThat(window.averageUtilization()).isEqualTo(0.6);
            assertThat(window.peakMemoryBytes()).isEqualTo(3000L * 1024 * 1024);
            assertThat(sampler.latest().orElseThrow().utilizationPercent()).isEqualTo(60.0);
        } finally {
            sampler.close();
        }
    }

    @Test
    void withoutNvidiaSmiNothingIsMeasured() {
        GpuSampler sampler =
                GpuSampler.start(Optional.of(directory.resolve("absent").toString()), Clock.systemUTC());
        try (GpuSampler.Window window = sampler.open()) {

            assertThat(sampler.measuresUtilization()).isFalse();
            assertThat(sampler.latest()).isEmpty();
            assertThat(window.averageUtilization()).isNull();
            assertThat(window.peakMemoryBytes()).isNull();
        } finally {
            sampler.close();
        }
    }
}
