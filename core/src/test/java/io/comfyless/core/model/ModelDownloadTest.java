package io.comfyless.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ModelDownloadTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private static ModelDownload downloading(long done, Long total, Instant updatedAt) {
        return new ModelDownload(
                "dl_1",
                "https://example.com/m.safetensors",
                new ModelPath("checkpoints", "m.safetensors"),
                DownloadStatus.DOWNLOADING,
                done,
                total,
                null,
                "ops",
                START.minusSeconds(30),
                updatedAt,
                "runner-1",
                updatedAt.plusSeconds(120),
                START,
                null,
                null);
    }

    @Test
    void speedCountsFromTheStartOfTheTransferAndTheEtaFollowsFromIt() {
        ModelDownload download = downloading(40_000_000, 100_000_000L, START.plusSeconds(4));

        assertThat(download.bytesPerSecond()).isEqualTo(10_000_000.0);
        assertThat(download.etaSeconds()).isEqualTo(6);
        assertThat(download.progress()).isEqualTo(40.0);
    }

    @Test
    void withoutAKnownSizeThereIsASpeedButNoEta() {
        ModelDownload download = downloading(5_000_000, null, START.plusSeconds(2));

        assertThat(download.bytesPerSecond()).isEqualTo(2_500_000.0);
        assertThat(download.etaSeconds()).isNull();
        assertThat(download.progress()).isNull();
    }

    @Test
    void aDownloadNotYetStartedHasNeitherSpeedNorEta() {
        ModelDownload pending = ModelDownload.requested(
                "dl_2", "https://example.com/m.safetensors", new ModelPath("loras", "m.safetensors"), "ops", START);

        assertThat(pending.bytesPerSecond()).isNull();
        assertThat(pending.etaSeconds()).isNull();
    }
}
