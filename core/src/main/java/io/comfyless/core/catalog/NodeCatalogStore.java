package io.comfyless.core.catalog;

import java.util.Optional;

/** Where runners publish their ComfyUI's node catalogue and the API finds the current one. */
public interface NodeCatalogStore {

    /**
     * Stores an {@code /object_info} body (once per content) and makes it current.
     *
     * @return the pointer now current
     */
    CatalogPointer publish(String comfyuiVersion, byte[] objectInfo, String workerId);

    /** The current catalogue's pointer; empty until a runner has published. */
    Optional<CatalogPointer> current();

    /** The catalogue a pointer names, parsed. */
    NodeCatalog load(CatalogPointer pointer);
}
