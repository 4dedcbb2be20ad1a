package io.comfyless.core.worker;

import io.comfyless.contract.Events;
import io.comfyless.core.events.EventBridgePublisher;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link WorkerRegistry} that puts a {@value Events#WORKER_STATE_CHANGE} event on the bus when a runner
 * reports a state other than the one it last reported through this registry; the periodic reports that
 * change nothing publish nothing. Best effort: a failure to publish is logged.
 */
public final class EventPublishingWorkerRegistry implements WorkerRegistry {

    private static final Logger log = LoggerFactory.getLogger(EventPublishingWorkerRegistry.class);

    private final WorkerRegistry delegate;
    private final EventBridgePublisher bus;
    private final Map<String, WorkerState> lastReported = new ConcurrentHashMap<>();

    public EventPublishingWorkerRegistry(WorkerRegistry delegate, EventBridgePublisher bus) {
        this.delegate = delegate;
        this.bus = bus;
    }

    @Override
    public void report(Worker worker) {
        delegate.report(worker);
        WorkerState previous = lastReported.put(worker.id(), worker.state());
        if (previous == worker.state()) {
            return;
        }
        try {
            bus.put(
                    Events.WORKER_STATE_CHANGE,
                    new WorkerStateChangeDetail(
                            worker.id(),
                            worker.state().wire(),
                            previous == null ? null : previous.wire(),
                            worker.instanceType(),
                            worker.capacity(),
                            worker.heartbeatAt()),
                    worker.heartbeatAt());
        } catch (RuntimeException e) {
            log.warn("Could not publish the state of worker {}: {}", worker.id(), e.toString());
        }
    }

    @Override
    public Optional<Worker> find(String id) {
        return delegate.find(id);
    }

    @Override
    public List<Worker> list() {
        return delegate.list();
    }
}
