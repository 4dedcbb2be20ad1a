package io.comfyless.testkit.comfyui;

import java.time.Duration;

/**
 * The interrupt flag ({@code nodes.interrupt_processing}) and the crash switch, checked by the worker at node
 * boundaries and progress updates. Like ComfyUI, raising the interrupt clears it, and each prompt starts cleared.
 */
final class ExecutionControl {

    private boolean interruptRequested;
    private boolean killed;

    synchronized void requestInterrupt() {
        interruptRequested = true;
        notifyAll();
    }

    synchronized void clearInterrupt() {
        interruptRequested = false;
    }

    synchronized void kill() {
        killed = true;
        notifyAll();
    }

    synchronized boolean killed() {
        return killed;
    }

    /** {@code throw_exception_if_processing_interrupted}. */
    synchronized void check() {
        if (killed) {
            throw new ServerKilled();
        }
        if (interruptRequested) {
            interruptRequested = false;
            throw new ExecutionInterrupted();
        }
    }

    /**
     * Works for {@code duration} like a node that is not a sampler: an interrupt does not cut it short (it takes
     * effect at the next {@link #check()}), a crash does.
     */
    synchronized void busy(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        long left;
        while (!killed && (left = deadline - System.nanoTime()) > 0) {
            try {
                wait(Math.max(1, left / 1_000_000), 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServerKilled();
            }
        }
        if (killed) {
            throw new ServerKilled();
        }
    }

    /** Waits, returning early when an interrupt or a crash arrives, so the next {@link #check()} reacts at once. */
    synchronized void pause(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        long left;
        while (!interruptRequested && !killed && (left = deadline - System.nanoTime()) > 0) {
            try {
                wait(Math.max(1, left / 1_000_000), 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServerKilled();
            }
        }
    }
}
