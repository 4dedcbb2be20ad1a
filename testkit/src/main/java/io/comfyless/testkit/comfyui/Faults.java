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
 *   <li>{@link #delay}: the node takes at least that long, reporting {@code progress} in ten steps; interruptible.</li>
 *   <li>{@link #fail}/{@link #failOnce}: the node raises, giving {@code execution_error} and history status "error".</li>
 *   <li>{@link #dropWebSocketsAt}: once, every WebSocket is cut without a close frame; the prompt runs on.</li>
 *   <li>{@link #crashAt}: once, the server dies mid-node ({@link ComfyUiDouble#crash()}).</li>
 * </ul>
 */
public final class Faults {

    private enum Kind {
        DELAY,
        FAIL,
        DROP_WEBSOCKETS,
        CRASH
    }

    private record Fault(
            Kind kind, NodeTarget target, Duration delay, String exceptionType, String message, boolean once) {}

    /** What to do to one node, folded from every matching fault. */
    record Plan(Duration delay, PythonError failure, boolean dropWebSockets, boolean crash) {
        static final Plan NONE = new Plan(Duration.ZERO, null, false, false);
    }

    private final List<Fault> faults = new CopyOnWriteArrayList<>();

    Faults() {}

    /** Makes matching nodes take at least {@code duration} (on top of their own work), emitting {@code progress}. */
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
            }
        }
        return new Plan(delay, failure, drop, crash);
    }
}
