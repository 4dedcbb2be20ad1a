package io.comfyless.core.model;

import io.comfyless.contract.Bucket;
import io.comfyless.core.storage.S3Lookups;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ModelStore} on the bucket's {@code models/} prefix. Checksums travel as the object's
 * {@value #SHA256_METADATA} user metadata ({@code x-amz-meta-sha256}), which uploads through
 * {@link ModelUploads} carry when the client states one.
 */
public final class S3ModelStore implements ModelStore {

    public static final String SHA256_METADATA = "sha256";

    private final S3Client s3;
    private final String bucket;

    public S3ModelStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public List<ModelEntry> list(Optional<String> folder) {
        List<String> prefixes = folder.map(f -> ModelFolders.directories(f).stream()
                        .map(d -> Bucket.MODELS_PREFIX + d + "/")
                        .toList())
                .orElse(List.of(Bucket.MODELS_PREFIX));
        List<ModelEntry> entries = new ArrayList<>();
        for (String prefix : prefixes) {
            s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix))
                    .contents()
                    .forEach(object -> entry(object).ifPresent(entries::add));
        }
        entries.sort(Comparator.comparing((ModelEntry e) -> e.path().folder())
                .thenComparing(e -> e.path().name()));
        return entries;
    }

    @Override
    public Optional<ModelEntry> find(ModelPath path) {
        for (String directory : ModelFolders.directories(path.folder())) {
            String key = Bucket.MODELS_PREFIX + directory + "/" + path.name();
            Optional<HeadObjectResponse> head = head(key);
            if (head.isPresent()) {
                HeadObjectResponse object = head.get();
                String sha = object.metadata().get(SHA256_METADATA);
                return Optional.of(new ModelEntry(
                        path,
                        key,
                        object.contentLength(),
                        object.lastModified(),
                        sha == null ? null : sha.toLowerCase(Locale.ROOT)));
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean delete(ModelPath path) {
        boolean deleted = false;
        for (String directory : ModelFolders.directories(path.folder())) {
            String key = Bucket.MODELS_PREFIX + directory + "/" + path.name();
            if (head(key).isPresent()) {
                s3.deleteObject(request -> request.bucket(bucket).key(key));
                deleted = true;
            }
        }
        return deleted;
    }

    @Override
    public InputStream open(ModelEntry entry) {
        try {
            return s3.getObject(request -> request.bucket(bucket).key(entry.key()));
        } catch (NoSuchKeyException e) {
            throw new UncheckedIOException(
                    new java.io.FileNotFoundException("Model " + entry.key() + " vanished from the store"));
        }
    }

    private Optional<HeadObjectResponse> head(String key) {
        return S3Lookups.ifExists(
                () -> s3.headObject(request -> request.bucket(bucket).key(key)));
    }

    /** Folder markers ({@code models/loras/}) and keys that are not valid model paths are not models. */
    private static Optional<ModelEntry> entry(S3Object object) {
        return ModelPath.fromKey(object.key())
                .map(path -> new ModelEntry(path, object.key(), object.size(), object.lastModified(), null));
    }
}
