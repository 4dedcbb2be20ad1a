package io.comfyless.core.worker;

import java.util.List;
import java.util.Optional;

/**
 * Where runners report themselves and the API reads the fleet. The same record carries the one
 * signal runners need from the API, that the fleet's model commands changed: a runner reads it
 * back with each heartbeat write, so listening costs no call of its own.
 */
public interface WorkerRegistry {

    void report(Worker worker);

    /**
     * Reports, and returns the model-command generation the API last signalled to this runner
     * (0 when none).
     */
    default long heartbeat(Worker worker) {
        report(worker);
        return 0;
    }

    /** Tells every live runner that the fleet's model commands are now at {@code generation}. */
    void signalModels(long generation);

    Optional<Worker> find(String id);

    List<Worker> list();
}
