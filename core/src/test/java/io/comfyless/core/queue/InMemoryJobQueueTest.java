package io.comfyless.core.queue;

import java.time.Clock;

/** The {@link JobQueueTest} contract on {@link InMemoryJobQueue}. */
class InMemoryJobQueueTest extends JobQueueTest {

    @Override
    protected JobQueue newQueue() {
        return new InMemoryJobQueue(Clock.systemUTC());
    }
}
