package io.comfyless.core.storage;

/** The {@link BlobStoreTest} contract on {@link InMemoryBlobStore}. */
class InMemoryBlobStoreTest extends BlobStoreTest {

    private final BlobStore store = new InMemoryBlobStore();

    @Override
    protected BlobStore store() {
        return store;
    }
}
