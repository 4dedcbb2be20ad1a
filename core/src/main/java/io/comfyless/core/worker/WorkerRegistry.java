package io.comfyless.core.worker;

import java.util.List;
import java.util.Optional;

/** Where runners report themselves and the API reads the fleet. */
public interface WorkerRegistry {

    void report(Worker worker);

    Optional<Worker> find(String id);

    List<Worker> list();
}
