package io.comfyless.core.storage;

import java.io.InputStream;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The bucket, as the domain sees it: keyed bytes, and short-lived links for clients. */
public interface BlobStore {

    StoredObject put(String key, byte[] bytes, String contentType);

    /**
     * Streams {@code content} into the store without holding it in memory (multipart above one
     * part's size). The stream is read to its end but not closed.
     */
    StoredObject put(String key, InputStream content, String contentType);

    Optional<byte[]> get(String key);

    /** Opens an object for reading; the caller closes the stream. */
    Optional<InputStream> open(String key);

    boolean exists(String key);

    List<String> list(String prefix);

    /** A GET link valid for {@code ttl}, optionally asking the browser to save under a file name. */
    URL presignGet(String key, Duration ttl, Optional<String> downloadName);

    /** A PUT link valid for {@code ttl}; the upload must send the same content type. */
    URL presignPut(String key, Duration ttl, String contentType);
}
