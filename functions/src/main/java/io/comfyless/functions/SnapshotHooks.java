package io.comfyless.functions;

import io.comfyless.core.config.Entropy;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart's runtime hooks for one function. Before the snapshot, the primer sends requests
 * through the function's real path (JSON, routing, validation, SDK marshalling, one read-only AWS
 * call) so that a restored copy answers its first request with its classes loaded and its code
 * warm; primers never write data. After a restore, every {@link java.security.SecureRandom} behind
 * ids, seeds and secrets gets fresh entropy, so copies of one snapshot draw differently. Nothing
 * else is tied to the snapshot: the clock is read on every use, caches compare their entries' ages
 * against it, and the HTTP keep-alive cache drops connections idle for more than five seconds,
 * which a restored snapshot's connections always are.
 */
public final class SnapshotHooks implements Resource {

    private static final Logger log = LoggerFactory.getLogger(SnapshotHooks.class);

    private final String function;
    private final Runnable primer;

    public SnapshotHooks(String function, Runnable primer) {
        this.function = function;
        this.primer = primer;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            primer.run();
        } catch (RuntimeException e) {
            // A primer that cannot reach AWS leaves the function cold, not broken.
            log.warn("Priming the {} function before the snapshot failed: {}", function, e.toString());
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        Entropy.reseedAll();
    }
}
