package io.comfyless.runner.model;

import io.comfyless.core.error.ValidationException;
import io.comfyless.core.model.ModelDownload;
import io.comfyless.core.model.ModelDownloads;
import io.comfyless.core.net.GuardedHttp;
import io.comfyless.core.net.UrlGuard;
import io.comfyless.core.storage.BlobStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fulfils model download requests from a runner, which has the bandwidth and the time the API has
 * not: claims one at a time, streams the source into the model store (multipart, never held in
 * memory or on disk), and reports progress as it goes. A progress write that is refused means the
 * download was paused, cancelled or taken over: the transfer stops and its uploaded parts are
 * discarded. Every URL, each redirect included, passes the {@link UrlGuard} first, so a request
 * cannot make a runner fetch from inside the network. Resuming starts over from the first byte.
 */
public final class ModelDownloader implements AutoCloseable {

    /** Set to {@code false} to keep a runner from taking model downloads. */
    public static final String ENABLED = "COMFYLESS_MODEL_DOWNLOADS";

    static final int MAX_REDIRECTS = 5;
    static final String CONTENT_TYPE = "application/octet-stream";
    private static final Logger log = LoggerFactory.getLogger(ModelDownloader.class);

    private final ModelDownloads downloads;
    private final BlobStore blobs;
    private final GuardedHttp http;
    private final String worker;
    private final Clock clock;
    private final Settings settings;
    private volatile boolean running;
    private Thread thread;

    /**
     * How often to look for work, how long a claim holds without progress, and how often progress
     * is written: every {@code progressBytes} or {@code progressInterval}, whichever comes first.
     */
    public record Settings(Duration poll, Duration lease, long progressBytes, Duration progressInterval) {

        public static Settings defaults() {
            return new Settings(
                    Duration.ofSeconds(15), Duration.ofMinutes(2), 64L * 1024 * 1024, Duration.ofSeconds(20));
        }
    }

    public ModelDownloader(
            ModelDownloads downloads, BlobStore blobs, UrlGuard guard, String worker, Clock clock, Settings settings) {
        this.downloads = downloads;
        this.blobs = blobs;
        this.http = new GuardedHttp(guard, Duration.ofSeconds(20), Duration.ofMinutes(2));
        this.worker = worker;
        this.clock = clock;
        this.settings = settings;
    }

    /** Starts looking for downloads on a daemon thread. */
    public synchronized ModelDownloader start() {
        running = true;
        thread = new Thread(this::loop, "model-downloads");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void loop() {
        while (running) {
            try {
                if (!runOnce()) {
                    Thread.sleep(settings.poll().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Model download loop: {}", e.toString());
                try {
                    Thread.sleep(settings.poll().toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Claims and carries out one download. @return whether there was one */
    public boolean runOnce() {
        Instant now = clock.instant();
        Optional<ModelDownload> claimed = downloads.claim(worker, now.plus(settings.lease()), now);
        claimed.ifPresent(this::carryOut);
        return claimed.isPresent();
    }

    private void carryOut(ModelDownload download) {
        log.info("Downloading {} into {}", download.url(), download.path().key());
        Progress progress = new Progress(download.id());
        try (GuardedHttp.Response response = fetch(download.url());
                InputStream body = response.body()) {
            if (response.status() != 200) {
                progress.fail("The source answered HTTP " + response.status());
                return;
            }
            OptionalLong length = response.contentLength();
            progress.total = length.isPresent() ? length.getAsLong() : null;
            progress.write();
            blobs.put(download.path().key(), new CountingStream(body, progress), CONTENT_TYPE);
            if (progress.total != null && progress.bytes != progress.total) {
                progress.fail(
                        "The source sent " + progress.bytes + " of the " + progress.total + " bytes it announced");
                return;
            }
            if (downloads.finish(download.id(), worker, progress.bytes, null, clock.instant())) {
                log.info("Downloaded {} ({} bytes)", download.path().key(), progress.bytes);
            }
        } catch (Stopped stopped) {
            log.info("Download {} stopped: it was paused, cancelled or taken over", download.id());
        } catch (ValidationException refused) {
            progress.fail(refused.getMessage());
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return; // The runner is stopping; the claim lapses and another runner takes the download over.
            }
            progress.fail("Download failed: " + e.getMessage());
        }
    }

    /** GETs {@code url}, following redirects only to URLs the guard allows. */
    GuardedHttp.Response fetch(String url) throws IOException {
        GuardedHttp.Response response = http.get(url, "url");
        for (int hop = 0; ; hop++) {
            int status = response.status();
            if (status < 300 || status >= 400 || status == 304) {
                return response;
            }
            URI from = response.uri();
            Optional<String> location = response.header("location");
            response.close();
            if (location.isEmpty()) {
                throw new IOException("HTTP " + status + " redirect without a Location");
            }
            if (hop >= MAX_REDIRECTS) {
                throw new IOException("More than " + MAX_REDIRECTS + " redirects");
            }
            response = http.get(from.resolve(location.get()).toString(), "url (redirect)");
        }
    }

    /** Thrown out of the transfer when the download is no longer ours; the store then aborts the upload. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private final class Progress {
        private final String id;
        private long bytes;
        private Long total;
        private long writtenAt;
        private Instant writtenTime;

        Progress(String id) {
            this.id = id;
        }

        void add(long count) {
            bytes += count;
            if (bytes - writtenAt >= settings.progressBytes()
                    || Duration.between(writtenTime, clock.instant()).compareTo(settings.progressInterval()) >= 0) {
                write();
            }
        }

        void write() {
            Instant now = clock.instant();
            writtenAt = bytes;
            writtenTime = now;
            if (!downloads.progress(id, worker, bytes, total, now.plus(settings.lease()), now)) {
                throw new Stopped();
            }
        }

        void fail(String error) {
            log.warn("Download {} failed: {}", id, error);
            downloads.finish(id, worker, bytes, error, clock.instant());
        }
    }

    private static final class CountingStream extends FilterInputStream {
        private final Progress progress;

        CountingStream(InputStream in, Progress progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                progress.add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                progress.add(n);
            }
            return n;
        }
    }
}
