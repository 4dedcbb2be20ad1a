package io.comfyless.core.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * {@link BlobStore} in memory, for unit tests. Its presigned links name the key under
 * {@code http://blobs.invalid/} and cannot be fetched: what a link does over HTTP is the S3
 * adapter's business and is tested there.
 */
public final class InMemoryBlobStore implements BlobStore {

    private static final URI LINK_BASE = URI.create("http://blobs.invalid/");

    private record Blob(byte[] bytes, String contentType) {}

    private final Map<String, Blob> blobs = new ConcurrentSkipListMap<>();

    @Override
    public StoredObject put(String key, byte[] bytes, String contentType) {
        String sha256 = Sha256.hex(bytes);
        blobs.put(key, new Blob(bytes.clone(), contentType));
        // Unversioned, like the stack's bucket; the checksum stands in for S3's ETag.
        return new StoredObject(key, bytes.length, contentType, sha256, sha256, null);
    }

    @Override
    public StoredObject put(String key, InputStream content, String contentType) {
        try {
            return put(key, content.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read content for " + key, e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(blobs.get(key)).map(blob -> blob.bytes().clone());
    }

    @Override
    public Optional<InputStream> open(String key) {
        return get(key).map(ByteArrayInputStream::new);
    }

    @Override
    public boolean exists(String key) {
        return blobs.containsKey(key);
    }

    @Override
    public List<String> list(String prefix) {
        return blobs.keySet().stream().filter(key -> key.startsWith(prefix)).toList();
    }

    /** The content type an object was stored with, as S3 keeps it with the object. */
    public Optional<String> contentType(String key) {
        return Optional.ofNullable(blobs.get(key)).map(Blob::contentType);
    }

    @Override
    public URL presignGet(String key, Duration ttl, Optional<String> downloadName) {
        return link(key, ttl);
    }

    @Override
    public URL presignPut(String key, Duration ttl, String contentType) {
        return link(key, ttl);
    }

    private static URL link(String key, Duration ttl) {
        try {
            return LINK_BASE
                    .resolve(key + "?expires-in=" + URLEncoder.encode(ttl.toString(), StandardCharsets.UTF_8))
                    .toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("Not a key a link can name: " + key, e);
        }
    }
}
