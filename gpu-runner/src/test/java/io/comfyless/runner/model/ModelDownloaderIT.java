package io.comfyless.runner.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.comfyless.contract.Table;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.model.DownloadStatus;
import io.comfyless.core.model.DynamoModelDownloads;
import io.comfyless.core.model.ModelDownload;
import io.comfyless.core.model.ModelPath;
import io.comfyless.core.net.UrlGuard;
import io.comfyless.core.storage.S3BlobStore;
import io.comfyless.testkit.aws.AwsEmulator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A runner fulfilling model imports: from a local HTTP source into the model store in the emulator.
 * The source is {@code models.test}, which resolves to loopback, and the guard lets exactly
 * {@code 127.0.0.1} through; a redirect to {@code 127.0.0.2} shows that every hop is checked.
 */
class ModelDownloaderIT {

    private static final int SIZE = 300_000;
    private final byte[] model = new byte[SIZE];
    private final CountDownLatch release = new CountDownLatch(1);
    private AwsClients aws;
    private S3BlobStore blobs;
    private DynamoModelDownloads downloads;
    private HttpServer source;
    private ModelDownloader downloader;

    @BeforeEach
    void start() throws IOException {
        new Random(3).nextBytes(model);
        RuntimeConfig config = RuntimeConfig.from(AwsEmulator.freshResources().environment()::get);
        aws = new AwsClients(config);
        blobs = new S3BlobStore(aws.s3(), aws.presigner(), config.bucket());
        downloads = new DynamoModelDownloads(aws.dynamo(), config.table(Table.CATALOG));
        source = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        source.createContext("/model.safetensors", exchange -> {
            exchange.sendResponseHeaders(200, SIZE);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(model, 0, SIZE / 3);
                out.flush();
                if (exchange.getRequestURI().getQuery() != null
                        && exchange.getRequestURI().getQuery().contains("slow")) {
                    awaitRelease();
                }
                out.write(model, SIZE / 3, SIZE - SIZE / 3);
            }
        });
        source.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        source.createContext("/inward", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.2:" + port() + "/model.safetensors");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        source.start();
        UrlGuard guard = new UrlGuard(
                        true,
                        false,
                        host -> host.equals("models.test")
                                ? new InetAddress[] {InetAddress.getLoopbackAddress()}
                                : InetAddress.getAllByName(host))
                .alsoAllowing(InetAddress.getLoopbackAddress());
        downloader = new ModelDownloader(
                downloads,
                blobs,
                guard,
                "runner-1",
                Clock.systemUTC(),
                new ModelDownloader.Settings(
                        Duration.ofMillis(100), Duration.ofMinutes(1), 16 * 1024, Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        release.countDown();
        downloader.close();
        source.stop(0);
        aws.close();
    }

    private int port() {
        return source.getAddress().getPort();
    }

    private void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ModelDownload request(String path, String name) {
        ModelDownload download = ModelDownload.requested(
                "dl_" + UUID.randomUUID().toString().substring(0, 8),
                "http://models.test:" + port() + path,
                new ModelPath("checkpoints", name),
                "acme",
                Clock.systemUTC().instant());
        downloads.create(download);
        return download;
    }

    private ModelDownload current(ModelDownload download) {
        return downloads.find(download.id()).orElseThrow();
    }

    @Test
    void streamsTheSourceIntoTheStoreAndCompletes() {
        ModelDownload download = request("/model.safetensors", "fetched.safetensors");

        assertThat(downloader.runOnce()).isTrue();

        ModelDownload done = current(download);
        assertThat(done.status()).isEqualTo(DownloadStatus.COMPLETED);
        assertThat(done.bytesDone()).isEqualTo(SIZE);
        assertThat(done.totalBytes()).isEqualTo(SIZE);
        assertThat(blobs.get("models/checkpoints/fetched.safetensors")).hasValue(model);
        assertThat(downloader.runOnce()).isFalse();
    }

    @Test
    void pausingStopsTheTransferWithoutStoringHalfAFileAndResumingCompletesIt() {
        ModelDownload download = request("/model.safetensors?slow", "paused.safetensors");
        downloader.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> current(download).bytesDone() > 0);

        downloads.transition(
                download.id(), DownloadStatus.PAUSED, Clock.systemUTC().instant());
        release.countDown();

        await().atMost(Duration.ofSeconds(20)).until(() -> current(download).worker() == null);
        assertThat(current(download).status()).isEqualTo(DownloadStatus.PAUSED);
        assertThat(blobs.exists("models/checkpoints/paused.safetensors")).isFalse();

        downloads.transition(
                download.id(), DownloadStatus.PENDING, Clock.systemUTC().instant());

        await().atMost(Duration.ofSeconds(20)).until(() -> current(download).status() == DownloadStatus.COMPLETED);
        assertThat(blobs.get("models/checkpoints/paused.safetensors")).hasValue(model);
    }

    @Test
    void aRedirectIntoTheNetworkIsRefused() {
        ModelDownload download = request("/inward", "inward.safetensors");

        downloader.runOnce();

        ModelDownload failed = current(download);
        assertThat(failed.status()).isEqualTo(DownloadStatus.FAILED);
        assertThat(failed.error()).contains("loopback");
        assertThat(blobs.exists("models/checkpoints/inward.safetensors")).isFalse();
    }

    @Test
    void aSourceThatAnswers404FailsTheDownload() {
        ModelDownload download = request("/missing", "missing.safetensors");

        downloader.runOnce();

        assertThat(current(download).status()).isEqualTo(DownloadStatus.FAILED);
        assertThat(current(download).error()).contains("404");
    }
}
