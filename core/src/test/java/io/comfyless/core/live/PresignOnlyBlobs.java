package io.comfyless.core.live;

import io.comfyless.core.storage.BlobStore;
import io.comfyless.core.storage.StoredObject;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A {@link BlobStore} that only signs links (as {@code https://signed.example/<key>}), for message tests. */
final class PresignOnlyBlobs implements BlobStore {

    @Override
    public URL presignGet(String key, Duration ttl, Optional<String> downloadName) {
        try {
            return new URL("https://signed.example/" + key + "?ttl=" + ttl.toSeconds());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public StoredObject put(String key, byte[] bytes, String contentType) {
        throw new UnsupportedOperationException();
    }

    @Override
    public StoredObject put(String key, InputStream content, String contentType) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<byte[]> get(String key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<InputStream> open(String key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean exists(String key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<String> list(String prefix) {
        throw new UnsupportedOperationException();
    }

    @Override
    public URL presignPut(String key, Duration ttl, String contentType) {
        throw new UnsupportedOperationException();
    }
}
