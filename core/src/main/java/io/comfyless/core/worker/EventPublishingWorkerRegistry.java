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
 * joins, or reports a state other than the one it last reported through this registry; periodic
 * reports that change nothing publish nothing, and neither does a busy runner going idle between jobs
 * or back ({@code running} and {@code idle}), which happens with every job and is what
 * {@code GET /v1/workers} is for. Best effort: a failure to publish is logged.
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
        published(worker);
    }

    /** The heartbeat's own write, which also carries the API's model signal back. */
    @Override
    public long heartbeat(Worker worker) {
        long signal = delegate.heartbeat(worker);
        published(worker);
        return signal;
    }

    @Override
    public void signalModels(long generation) {
        delegate.signalModels(generation);
    }

    private void published(Worker worker) {
        WorkerState previous = lastReported.put(worker.id(), worker.state());
        if (previous == worker.state() || busyOrIdle(previous) && busyOrIdle(worker.state())) {
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

    private static boolean busyOrIdle(WorkerState state) {
        return state == WorkerState.RUNNING || state == WorkerState.IDLE;
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
