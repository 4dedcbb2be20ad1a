package io.comfyless.core.live;

class InMemoryConnectionStoreTest extends ConnectionStoreContract {

    private final ConnectionStore store = new InMemoryConnectionStore();

    @Override
    ConnectionStore store() {
        return store;
    }
}
