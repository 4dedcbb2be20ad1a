package io.comfyless.core.catalog;

import io.comfyless.contract.Bucket;
import io.comfyless.core.json.Json;
import io.comfyless.core.storage.S3Lookups;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * {@link NodeCatalogStore} in the bucket, under {@link Bucket#CATALOG_PREFIX}: each distinct body once, gzipped
 * ({@code object_info/<version>/<sha256>.json.gz}; 0.8.0's 600 KB become 60 KB), and a small {@code current.json}
 * pointer. The last runner to publish a different catalogue makes it current.
 */
public final class S3NodeCatalogStore implements NodeCatalogStore {

    static final String POINTER_KEY = Bucket.CATALOG_PREFIX + "current.json";

    private final S3Client s3;
    private final String bucket;
    private final Clock clock;

    public S3NodeCatalogStore(S3Client s3, String bucket, Clock clock) {
        this.s3 = s3;
        this.bucket = bucket;
        this.clock = clock;
    }

    @Override
    public CatalogPointer publish(String comfyuiVersion, byte[] objectInfo, String workerId) {
        String sha256 = sha256(objectInfo);
        Optional<CatalogPointer> current = current();
        if (current.isPresent() && current.get().sha256().equals(sha256)) {
            return current.get();
        }
        String key = Bucket.CATALOG_PREFIX + "object_info/" + safe(comfyuiVersion) + "/" + sha256 + ".json.gz";
        put(key, gzip(objectInfo), "application/gzip");
        CatalogPointer pointer = new CatalogPointer(comfyuiVersion, sha256, key, workerId, clock.instant());
        put(POINTER_KEY, Json.write(pointer).getBytes(StandardCharsets.UTF_8), "application/json");
        return pointer;
    }

    @Override
    public Optional<CatalogPointer> current() {
        return get(POINTER_KEY)
                .map(bytes -> Json.read(new String(bytes, StandardCharsets.UTF_8), CatalogPointer.class));
    }

    @Override
    public NodeCatalog load(CatalogPointer pointer) {
        byte[] body = get(pointer.key())
                .orElseThrow(
                        () -> new IllegalStateException("The current node catalogue " + pointer.key() + " is missing"));
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return NodeCatalog.parse(Json.mapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read node catalogue " + pointer.key(), e);
        }
    }

    private void put(String key, byte[] bytes, String contentType) {
        s3.putObject(
                request -> request.bucket(bucket)
                        .key(key)
                        .contentType(contentType)
                        .serverSideEncryption(ServerSideEncryption.AES256),
                RequestBody.fromBytes(bytes));
    }

    private Optional<byte[]> get(String key) {
        return S3Lookups.ifExists(() ->
                s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArray());
    }

    /** A version string as one path segment. */
    private static String safe(String version) {
        String cleaned = version == null ? "" : version.replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.isEmpty() ? "unknown" : cleaned;
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 8);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
