package io.comfyless.core.model;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The model store: ComfyUI model files under {@code models/<folder>/<name>} in the bucket, from
 * which runners fill ComfyUI's model folders. The API lists and deletes; clients and runners put.
 */
public interface ModelStore {

    /** Every model, or those of one folder; listings carry no checksums. */
    List<ModelEntry> list(Optional<String> folder);

    /** One model with its metadata, looked up in the folder's legacy directories too. */
    Optional<ModelEntry> find(ModelPath path);

    /** @return whether there was something to delete */
    boolean delete(ModelPath path);

    /** Opens the model's bytes; the caller closes the stream. */
    InputStream open(ModelEntry entry);
}
