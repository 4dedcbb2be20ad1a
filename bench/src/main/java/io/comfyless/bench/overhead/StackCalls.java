package io.comfyless.bench.overhead;

import io.comfyless.core.config.AwsCallCounter.Snapshot;
import io.comfyless.local.stack.LocalStack;

/**
 * The local stack's AWS calls, told apart by who made them: the runners and the background (event
 * pump, reaper) count on their own clients; the API function's calls are what remains of every call
 * in this JVM ({@link AllAwsCalls}).
 */
final class StackCalls {

    /** The calls of each caller, and the mean time of a call (long polls left out). */
    record Split(Snapshot api, Snapshot runner, Snapshot background, AllAwsCalls.Timing timing) {

        Split since(Split earlier) {
            return new Split(
                    api.since(earlier.api),
                    runner.since(earlier.runner),
                    background.since(earlier.background),
                    timing.since(earlier.timing));
        }
    }

    private final LocalStack stack;

    StackCalls(LocalStack stack) {
        this.stack = stack;
    }

    Split now() {
        Snapshot runner = stack.runnerCalls().snapshot();
        Snapshot background = stack.backgroundCalls().snapshot();
        Snapshot all = AllAwsCalls.counter().snapshot();
        return new Split(all.since(runner).since(background), runner, background, AllAwsCalls.timing());
    }
}
