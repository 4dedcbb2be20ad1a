package io.comfyless.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comfyless.contract.Table;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.error.ConflictException;
import io.comfyless.testkit.aws.AwsEmulator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Download requests in DynamoDB: every transition conditional, so API and runners never overwrite each other. */
class ModelDownloadsIT {

    private AwsClients aws;
    private DynamoModelDownloads downloads;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void provision() {
        RuntimeConfig config = RuntimeConfig.from(AwsEmulator.freshResources().environment()::get);
        aws = new AwsClients(config);
        downloads = new DynamoModelDownloads(aws.dynamo(), config.table(Table.CATALOG));
    }

    @AfterEach
    void close() {
        aws.close();
    }

    private ModelDownload requested(String name, Instant at) {
        ModelDownload download = ModelDownload.requested(
                "dl_" + UUID.randomUUID().toString().substring(0, 8),
                "https://example.com/" + name,
                new ModelPath("loras", name),
                "acme",
                at);
        downloads.create(download);
        return download;
    }

    @Test
    void aRunnerClaimsTheOldestPendingDownloadAndReportsItToTheEnd() {
        ModelDownload older = requested("old.safetensors", now.minusSeconds(10));
        requested("new.safetensors", now);

        ModelDownload claimed =
                downloads.claim("runner-1", now.plusSeconds(60), now).orElseThrow();

        assertThat(claimed.id()).isEqualTo(older.id());
        assertThat(claimed.status()).isEqualTo(DownloadStatus.DOWNLOADING);
        assertThat(claimed.worker()).isEqualTo("runner-1");
        assertThat(downloads.progress(older.id(), "runner-1", 50, 100L, now.plusSeconds(60), now))
                .isTrue();
        assertThat(downloads.find(older.id()).orElseThrow().progress()).isEqualTo(50.0);
        assertThat(downloads.progress(older.id(), "runner-2", 60, 100L, now.plusSeconds(60), now))
                .isFalse();
        assertThat(downloads.finish(older.id(), "runner-1", 100, null, now)).isTrue();
        ModelDownload done = downloads.find(older.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(DownloadStatus.COMPLETED);
        assertThat(done.worker()).isNull();
        assertThat(downloads.list(10))
                .extracting(ModelDownload::path)
                .extracting(ModelPath::name)
                .containsExactly("new.safetensors", "old.safetensors");
    }

    @Test
    void pausingStopsTheRunnersNextProgressAndResumingStartsOver() {
        ModelDownload download = requested("pause.safetensors", now);
        downloads.claim("runner-1", now.plusSeconds(60), now);
        downloads.progress(download.id(), "runner-1", 40, 100L, now.plusSeconds(60), now);

        assertThat(downloads
                        .transition(download.id(), DownloadStatus.PAUSED, now)
                        .orElseThrow()
                        .status())
                .isEqualTo(DownloadStatus.PAUSED);
        assertThat(downloads.progress(download.id(), "runner-1", 80, 100L, now.plusSeconds(60), now))
                .isFalse();
        assertThat(downloads.claim("runner-2", now.plusSeconds(60), now)).isEmpty();

        ModelDownload resumed =
                downloads.transition(download.id(), DownloadStatus.PENDING, now).orElseThrow();

        assertThat(resumed.status()).isEqualTo(DownloadStatus.PENDING);
        assertThat(resumed.bytesDone()).isZero();
        assertThat(downloads.claim("runner-2", now.plusSeconds(60), now))
                .hasValueSatisfying(d -> assertThat(d.worker()).isEqualTo("runner-2"));
    }

    @Test
    void aDownloadWhoseRunnerWentSilentIsTakenOver() {
        ModelDownload download = requested("lapsed.safetensors", now);
        downloads.claim("runner-1", now.plusSeconds(5), now);

        assertThat(downloads.claim("runner-2", now.plusSeconds(60), now.plusSeconds(1)))
                .isEmpty();
        assertThat(downloads.claim("runner-2", now.plus(Duration.ofMinutes(2)), now.plusSeconds(10)))
                .hasValueSatisfying(d -> assertThat(d.id()).isEqualTo(download.id()));
        assertThat(downloads.finish(download.id(), "runner-1", 1, null, now)).isFalse();
    }

    @Test
    void transitionsTheStateDoesNotAllowAreConflicts() {
        ModelDownload download = requested("final.safetensors", now);
        downloads.transition(download.id(), DownloadStatus.CANCELLED, now);

        assertThatThrownBy(() -> downloads.transition(download.id(), DownloadStatus.PAUSED, now))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("cancelled");
        assertThat(downloads.transition("dl_missing", DownloadStatus.PAUSED, now))
                .isEmpty();
        assertThat(downloads.claim("runner-1", now.plusSeconds(60), now)).isEmpty();
    }
}
