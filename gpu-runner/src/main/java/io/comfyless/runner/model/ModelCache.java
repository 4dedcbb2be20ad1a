package io.comfyless.runner.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.json.Json;
import io.comfyless.core.model.ModelEntry;
import io.comfyless.core.model.ModelFolders;
import io.comfyless.core.model.ModelPath;
import io.comfyless.core.model.ModelStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * ComfyUI's models directory, filled from the model store on demand and kept within a byte budget.
 * <ul>
 *   <li><b>Atomic appearance.</b> A model is downloaded to a hidden temporary file beside its
 *       destination and renamed into place, so ComfyUI never lists a half-written file.</li>
 *   <li><b>One download per file.</b> Jobs that need a file being downloaded wait for that
 *       download instead of starting their own.</li>
 *   <li><b>LRU within a budget.</b> Before a download, the least recently used files this cache put
 *       there are deleted until the new one fits. Files in use by a job ({@link Pin}ned until
 *       ComfyUI is done with the job) are never evicted; if only pinned files remain, the budget
 *       is exceeded for a while rather than a running job's model deleted.</li>
 *   <li><b>Only its own files.</b> Which files it manages is kept in a manifest in the directory,
 *       so it survives restarts; anything else there (ComfyUI's image, an operator's copy) is used
 *       as it is and never counted or deleted.</li>
 * </ul>
 * One cache per models directory: two runner processes sharing a directory would each see the
 * other's downloads as foreign files (safe, but neither would evict them).
 */
public final class ModelCache {

    private static final Logger log = LoggerFactory.getLogger(ModelCache.class);
    static final String MANIFEST = ".comfyless-model-cache.json";
    private static final Pattern PARTIAL = Pattern.compile("^\\..+\\.[0-9a-f-]{36}\\.part$");

    private final Path root;
    private final long budget;
    private final ModelStore store;
    private final Clock clock;
    /** Managed files by path relative to the root; guarded by {@code this}. */
    private final Map<String, Entry> entries = new HashMap<>();

    private final ConcurrentMap<String, CompletableFuture<Void>> downloads = new ConcurrentHashMap<>();
    /** Bytes of downloads under way, counted against the budget before they land; guarded by {@code this}. */
    private long reserved;

    private long lastTick;

    public ModelCache(Path root, long budget, ModelStore store, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.budget = budget;
        this.store = store;
        this.clock = clock;
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the models directory " + this.root, e);
        }
        removeLeftoverPartials();
        loadManifest();
    }

    /** Something a job holds until ComfyUI is done with it; closing it twice is harmless. */
    public interface Pin extends AutoCloseable {

        Pin NONE = () -> {};

        @Override
        void close();
    }

    /**
     * Makes {@code path} present under the models directory and pins it.
     *
     * @throws ModelNotFoundException  when neither the directory nor the store has it
     * @throws ModelStagingException   when the download or the disk fails, or it cannot fit the budget
     */
    public Pin acquire(ModelPath path) {
        String relative = path.relative();
        while (true) {
            Optional<Pin> present = pinIfPresent(path);
            if (present.isPresent()) {
                return present.get();
            }
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> running = downloads.putIfAbsent(relative, mine);
            if (running != null) {
                awaitOther(running);
                continue;
            }
            try {
                // Another download of the same file may have landed between the check and the claim.
                Optional<Pin> landed = pinIfPresent(path);
                Pin pin = landed.isPresent() ? landed.get() : download(path);
                mine.complete(null);
                return pin;
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
                throw e;
            } finally {
                downloads.remove(relative, mine);
            }
        }
    }

    /** A file this cache manages, as heartbeats report it: {@code pins} counts jobs and load commands holding it. */
    public record Held(String path, long sizeBytes, String sha256, Instant lastUsed, int pins) {}

    /** The files this cache manages, for the runner's heartbeat. */
    public synchronized List<Held> inventory() {
        return entries.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new Held(
                        e.getKey(),
                        e.getValue().size,
                        e.getValue().sha256,
                        Instant.ofEpochMilli(e.getValue().lastUsed),
                        e.getValue().pins))
                .toList();
    }

    /**
     * Deletes {@code path} if this cache put it there and nothing holds it (an unload command).
     *
     * @return whether it was deleted
     */
    public synchronized boolean evict(ModelPath path) {
        Entry entry = entries.get(path.relative());
        if (entry == null || entry.pins > 0) {
            return false;
        }
        entries.remove(path.relative());
        deleteQuietly(resolve(path.relative()));
        saveManifest();
        log.info("Evicted model {} ({} bytes) on request", path.relative(), entry.size);
        return true;
    }

    /**
     * Deletes the files nothing holds that were last used before {@code cutoff} (a clean-up command).
     *
     * @return the paths deleted
     */
    public synchronized List<String> evictUnusedSince(Instant cutoff) {
        List<String> idle = entries.entrySet().stream()
                .filter(e -> e.getValue().pins == 0 && e.getValue().lastUsed < cutoff.toEpochMilli())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        idle.forEach(relative -> {
            entries.remove(relative);
            deleteQuietly(resolve(relative));
        });
        if (!idle.isEmpty()) {
            saveManifest();
            log.info("Evicted models unused since {}: {}", cutoff, idle);
        }
        return idle;
    }

    /** Bytes of the files this cache manages. */
    public synchronized long managedBytes() {
        return entries.values().stream().mapToLong(entry -> entry.size).sum();
    }

    /** Paths ({@code folder/name}) of the files this cache manages. */
    public synchronized Set<String> managedPaths() {
        return new TreeSet<>(entries.keySet());
    }

    public Path root() {
        return root;
    }

    private Optional<Pin> pinIfPresent(ModelPath path) {
        String relative = path.relative();
        // Under the lock: a download landing between the two checks would otherwise look like a foreign, unpinned file.
        synchronized (this) {
            Entry entry = entries.get(relative);
            if (entry != null) {
                if (Files.isRegularFile(resolve(relative))) {
                    entry.pins++;
                    entry.lastUsed = tick();
                    saveManifest();
                    return Optional.of(pin(relative));
                }
                log.warn("Model {} vanished from {}; fetching it again", relative, root);
                entries.remove(relative);
                saveManifest();
            }
            for (String directory : ModelFolders.directories(path.folder())) {
                if (Files.isRegularFile(resolve(directory + "/" + path.name()))) {
                    return Optional.of(Pin.NONE);
                }
            }
            return Optional.empty();
        }
    }

    private void awaitOther(CompletableFuture<Void> running) {
        try {
            running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                // The same cause would fail this job too (missing model, full disk); a transient
                // error is retried by the job's next attempt rather than in a loop here.
                throw failure;
            }
            throw e;
        }
    }

    private Pin download(ModelPath path) {
        String relative = path.relative();
        ModelEntry stored = storage(() -> store.find(path), relative)
                .orElseThrow(() -> new ModelNotFoundException("Model " + relative + " is neither in the model store ("
                        + path.key() + ") nor in ComfyUI's model folders"));
        long size = stored.sizeBytes();
        reserve(relative, size);
        Path target = resolve(relative);
        Path partial = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        boolean registered = false;
        try {
            Files.createDirectories(target.getParent());
            long started = System.nanoTime();
            String sha256 = copy(stored, partial);
            if (stored.sha256() != null && !stored.sha256().equals(sha256)) {
                throw new ModelStagingException(
                        "Model " + relative + " arrived with SHA-256 " + sha256 + " but the store records "
                                + stored.sha256(),
                        true,
                        null);
            }
            long written = Files.size(partial);
            if (written != size) {
                throw new ModelStagingException(
                        "Model " + relative + " arrived with " + written + " of " + size + " bytes", true, null);
            }
            move(partial, target);
            synchronized (this) {
                reserved -= size;
                registered = true;
                Entry entry = new Entry(size, tick(), sha256);
                entry.pins = 1;
                entries.put(relative, entry);
                saveManifest();
            }
            log.info("Staged model {} ({} bytes) in {} ms", relative, size, (System.nanoTime() - started) / 1_000_000);
            return pin(relative);
        } catch (IOException | UncheckedIOException e) {
            throw new ModelStagingException("Cannot stage model " + relative + ": " + e.getMessage(), true, e);
        } finally {
            if (!registered) {
                synchronized (this) {
                    reserved -= size;
                }
            }
            deleteQuietly(partial);
        }
    }

    private String copy(ModelEntry stored, Path partial) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(storage(() -> store.open(stored), stored.key()), digest);
                OutputStream out =
                        Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            in.transferTo(out);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * A call to the store; its failures are transient staging failures. An aborted call is not: it
     * means the runner is shutting down, which the job execution handles itself.
     */
    private static <T> T storage(Supplier<T> call, String what) {
        try {
            return call.get();
        } catch (AbortedException e) {
            throw e;
        } catch (SdkException e) {
            throw new ModelStagingException(
                    "The model store failed while fetching " + what + ": " + e.getMessage(), true, e);
        }
    }

    private static void move(Path partial, Path target) throws IOException {
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory, so this only happens on exotic file systems; a plain move still never exposes a partial
            // name.
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes room for {@code size} more bytes, evicting unpinned files least recently used first. */
    private synchronized void reserve(String relative, long size) {
        if (size > budget) {
            throw new ModelStagingException(
                    "Model " + relative + " is " + size + " bytes, more than the whole model cache (" + budget
                            + " bytes); raise " + ModelCacheConfig.CACHE_BYTES,
                    false,
                    null);
        }
        long used = managedBytes() + reserved;
        while (used + size > budget) {
            Optional<Map.Entry<String, Entry>> victim = entries.entrySet().stream()
                    .filter(candidate -> candidate.getValue().pins == 0)
                    .min(Comparator.comparingLong(candidate -> candidate.getValue().lastUsed));
            if (victim.isEmpty()) {
                log.warn(
                        "Model cache over budget: {} bytes in use by running jobs, {} more needed, budget {}",
                        used,
                        size,
                        budget);
                break;
            }
            String evicted = victim.get().getKey();
            used -= victim.get().getValue().size;
            entries.remove(evicted);
            deleteQuietly(resolve(evicted));
            log.info(
                    "Evicted model {} ({} bytes) to make room for {}",
                    evicted,
                    victim.get().getValue().size,
                    relative);
        }
        reserved += size;
        saveManifest();
    }

    private Pin pin(String relative) {
        return new Pin() {
            private boolean released;

            @Override
            public void close() {
                synchronized (ModelCache.this) {
                    if (released) {
                        return;
                    }
                    released = true;
                    Entry entry = entries.get(relative);
                    if (entry != null && entry.pins > 0) {
                        entry.pins--;
                    }
                }
            }
        };
    }

    /** A path below the root; {@link ModelPath} already refuses names that could leave it, this double-checks. */
    private Path resolve(String relative) {
        Path path = root.resolve(relative).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("Model path escapes the models directory: " + relative);
        }
        return path;
    }

    /** Use stamps strictly increase, so the order of uses is exact even within one millisecond. */
    private long tick() {
        lastTick = Math.max(clock.millis(), lastTick + 1);
        return lastTick;
    }

    private void loadManifest() {
        Path manifest = root.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return;
        }
        try {
            JsonNode json = Json.read(Files.readString(manifest, StandardCharsets.UTF_8));
            for (JsonNode item : json.path("entries")) {
                String relative = item.path("path").asText();
                long size = item.path("size_bytes").asLong();
                Optional<ModelPath> valid = validPath(relative);
                Path file = valid.isPresent() ? resolve(relative) : null;
                // Only files still there as they were written are ours; anything else is forgotten, not deleted.
                if (file != null && Files.isRegularFile(file) && Files.size(file) == size) {
                    long lastUsed = item.path("last_used").asLong();
                    entries.put(
                            relative,
                            new Entry(size, lastUsed, item.path("sha256").asText(null)));
                    lastTick = Math.max(lastTick, lastUsed);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Ignoring unreadable model cache manifest {}: {}", manifest, e.toString());
        }
    }

    private synchronized void saveManifest() {
        ObjectNode json = Json.object().put("version", 1);
        ArrayNode list = json.putArray("entries");
        entries.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> list.addObject()
                        .put("path", e.getKey())
                        .put("size_bytes", e.getValue().size)
                        .put("last_used", e.getValue().lastUsed)
                        .put("sha256", e.getValue().sha256));
        Path manifest = root.resolve(MANIFEST);
        Path partial = root.resolve(MANIFEST + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.writeString(partial, json.toString(), StandardCharsets.UTF_8);
            move(partial, manifest);
        } catch (IOException e) {
            // The manifest only matters after a restart; the cache works on without it meanwhile.
            log.warn("Cannot write model cache manifest {}: {}", manifest, e.toString());
            deleteQuietly(partial);
        }
    }

    private static Optional<ModelPath> validPath(String relative) {
        int slash = relative.indexOf('/');
        return slash <= 0
                ? Optional.empty()
                : ModelPath.parse(relative.substring(0, slash), relative.substring(slash + 1));
    }

    /** Partial downloads of a runner that died mid-copy. */
    private void removeLeftoverPartials() {
        try (Stream<Path> files = Files.walk(root, 4)) {
            files.filter(Files::isRegularFile)
                    .filter(file ->
                            PARTIAL.matcher(file.getFileName().toString()).matches()
                                    || file.getFileName().toString().startsWith(MANIFEST + "."))
                    .forEach(ModelCache::deleteQuietly);
        } catch (IOException | UncheckedIOException e) {
            log.warn("Cannot clean partial downloads under {}: {}", root, e.toString());
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", path, e.toString());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static final class Entry {
        private final long size;
        private final String sha256;
        private long lastUsed;
        private int pins;

        Entry(long size, long lastUsed, String sha256) {
            this.size = size;
            this.lastUsed = lastUsed;
            this.sha256 = sha256;
        }
    }
}
