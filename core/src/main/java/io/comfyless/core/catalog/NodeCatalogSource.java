package io.comfyless.core.catalog;

import java.util.Optional;

/** The node catalogue to validate against now, if runners have published one. */
@FunctionalInterface
public interface NodeCatalogSource {

    Optional<NodeCatalog> current();

    /** Structural validation only, for a stack where no catalogue can exist (and for tests of structure). */
    static NodeCatalogSource none() {
        return Optional::empty;
    }
}
