package io.comfyless.contract;

import java.util.Optional;

/**
 * A global secondary index. Every index projects all attributes: items are small and the API
 * reads whole jobs from index queries, so a second read per item would cost more than the storage.
 */
public record Index(String name, Key partitionKey, Optional<Key> sortKey) {

    public static Index of(String name, Key partitionKey, Key sortKey) {
        return new Index(name, partitionKey, Optional.of(sortKey));
    }
}
