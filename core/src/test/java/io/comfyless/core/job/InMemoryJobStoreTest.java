package io.comfyless.core.job;

/** The {@link JobStoreTest} contract on {@link InMemoryJobStore}. */
class InMemoryJobStoreTest extends JobStoreTest {

    private final JobStore store = new InMemoryJobStore();

    @Override
    protected JobStore store() {
        return store;
    }
}
