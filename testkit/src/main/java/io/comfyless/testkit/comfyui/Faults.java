package io.comfyless.testkit.comfyui;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Faults a test arms on the double ({@code double.faults()}); they take effect when a matching node starts executing,
 * after its {@code executing} message, and survive restarts. Cached nodes do not execute, so they trigger nothing.
 *
 * <ul>
 *   <li>{@link #delay}: the node takes at least that long and, like every node that is not a sampler, sends no
 *       {@code progress} and is not interrupted while it runs: an interrupt takes effect at the next node.</li>
 *   <li>{@link #fail}/{@link #failOnce}: the node raises, giving {@code execution_error} and history status "error".</li>
 *   <li>{@link #dropWebSocketsAt}: once, every WebSocket is cut without a close frame; the prompt runs on.</li>
 *   <li>{@link #crashAt}: once, the server dies mid-node ({@link ComfyUiDouble#crash()}).</li>
 *   <li>{@link #sample}: the node runs like ComfyUI's {@code KSampler} with a latent previewer: steps, each
 *       with {@code progress} and a binary preview frame; interruptible at every step.</li>
 * </ul>
 */
public final class Faults {

    private enum Kind {
        DELAY,
        FAIL,
        DROP_WEBSOCKETS,
        CRASH,
        SAMPLE
    }

    private record Fault(
            Kind kind,
            NodeTarget target,
            Duration delay,
            String exceptionType,
            String message,
            boolean once,
            Sampling sampling) {

        Fault(Kind kind, NodeTarget target, Duration delay, String exceptionType, String message, boolean once) {
            this(kind, target, delay, exceptionType, message, once, null);
        }
    }

    /** Sampler-like steps: how many, and how long each takes. */
    record Sampling(int steps, Duration perStep) {}

    /** What to do to one node, folded from every matching fault. */
    record Plan(Duration delay, PythonError failure, boolean dropWebSockets, boolean crash, Sampling sampling) {
        static final Plan NONE = new Plan(Duration.ZERO, null, false, false, null);
    }

    private final List<Fault> faults = new CopyOnWriteArrayList<>();

    Faults() {}

    /**
     * Makes matching nodes take at least {@code duration} (on top of their own work), as a slow node that is not a
     * sampler: no {@code progress}, and an interrupt waits for the node to end.
     */
    public Faults delay(NodeTarget target, Duration duration) {
        faults.add(new Fault(
                Kind.DELAY, Objects.requireNonNull(target), Objects.requireNonNull(duration), null, null, false));
        return this;
    }

    /**
     * Makes matching nodes raise, every time, until {@link #clear()}.
     *
     * @param exceptionType the Python type reported as {@code exception_type}, e.g. {@code "RuntimeError"}
     * @param message the exception text, reported as {@code exception_message} (ComfyUI appends a newline)
     */
    public Faults fail(NodeTarget target, String exceptionType, String message) {
        faults.add(new Fault(Kind.FAIL, Objects.requireNonNull(target), null, exceptionType, message, false));
        return this;
    }

    /** As {@link #fail}, for the next matching node only. */
    public Faults failOnce(NodeTarget target, String exceptionType, String message) {
        faults.add(new Fault(Kind.FAIL, Objects.requireNonNull(target), null, exceptionType, message, true));
        return this;
    }

    /** When the next matching node starts, cuts every WebSocket; execution and history carry on. */
    public Faults dropWebSocketsAt(NodeTarget target) {
        faults.add(new Fault(Kind.DROP_WEBSOCKETS, Objects.requireNonNull(target), null, null, null, true));
        return this;
    }

    /** When the next matching node starts, the server crashes: sockets cut, HTTP refused, no history written. */
    public Faults crashAt(NodeTarget target) {
        faults.add(new Fault(Kind.CRASH, Objects.requireNonNull(target), null, null, null, true));
        return this;
    }

    /**
     * Makes matching nodes run like ComfyUI's {@code KSampler} does with a latent previewer: {@code steps}
     * steps of {@code perStep} each, every step reporting {@code progress} and then a binary preview frame
     * (event 4 with metadata to clients that declared {@code supports_preview_metadata}, event 1 to the
     * others), checking for an interrupt before each. In ComfyUI only sampling nodes send previews; this
     * lets a model-free workflow stand in for one that samples.
     */
    public Faults sample(NodeTarget target, int steps, Duration perStep) {
        if (steps < 1 || perStep.isNegative()) {
            throw new IllegalArgumentException("steps must be at least 1 and perStep not negative");
        }
        faults.add(new Fault(
                Kind.SAMPLE, Objects.requireNonNull(target), null, null, null, false, new Sampling(steps, perStep)));
        return this;
    }

    /** Disarms every fault. */
    public Faults clear() {
        faults.clear();
        return this;
    }

    Plan planFor(String nodeId, String classType) {
        Duration delay = Duration.ZERO;
        PythonError failure = null;
        boolean drop = false;
        boolean crash = false;
        Sampling sampling = null;
        for (Fault fault : faults) {
            if (!fault.target().matches(nodeId, classType) || (fault.once() && !faults.remove(fault))) {
                continue;
            }
            switch (fault.kind()) {
                case DELAY -> delay = delay.plus(fault.delay());
                case FAIL ->
                    failure = failure != null
                            ? failure
                            : new PythonError(
                                    fault.exceptionType(),
                                    fault.message(),
                                    Tracebacks.raisedIn(classType, fault.exceptionType(), fault.message()));
                case DROP_WEBSOCKETS -> drop = true;
                case CRASH -> crash = true;
                case SAMPLE -> sampling = sampling != null ? sampling : fault.sampling();
            }
        }
        return new Plan(delay, failure, drop, crash, sampling);
    }
}
