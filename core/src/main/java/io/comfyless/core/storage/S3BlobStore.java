package io.comfyless.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** {@link BlobStore} on one S3 bucket. Objects are encrypted at rest (SSE-S3) and never public. */
public final class S3BlobStore implements BlobStore {

    /** S3's minimum part size; outputs below it go up in a single PUT. */
    static final int PART_SIZE = 8 * 1024 * 1024;

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    public S3BlobStore(S3Client s3, S3Presigner presigner, String bucket) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }

    @Override
    public StoredObject put(String key, byte[] bytes, String contentType) {
        PutObjectResponse put = putWhole(key, bytes, contentType);
        return new StoredObject(key, bytes.length, contentType, Sha256.hex(bytes), put.eTag(), put.versionId());
    }

    /** One PUT of a whole object, encrypted at rest. */
    private PutObjectResponse putWhole(String key, byte[] bytes, String contentType) {
        return s3.putObject(
                request -> request.bucket(bucket)
                        .key(key)
                        .contentType(contentType)
                        .serverSideEncryption(ServerSideEncryption.AES256),
                RequestBody.fromBytes(bytes));
    }

    @Override
    public StoredObject put(String key, InputStream content, String contentType) {
        MessageDigest digest = Sha256.newDigest();
        DigestInputStream in = new DigestInputStream(content, digest);
        try {
            byte[] first = in.readNBytes(PART_SIZE);
            if (first.length < PART_SIZE) {
                PutObjectResponse put = putWhole(key, first, contentType);
                return new StoredObject(
                        key, first.length, contentType, Sha256.hex(digest), put.eTag(), put.versionId());
            }
            return multipart(key, first, in, contentType, digest);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read content for " + key, e);
        }
    }

    private StoredObject multipart(String key, byte[] first, InputStream in, String contentType, MessageDigest digest)
            throws IOException {
        String uploadId = s3.createMultipartUpload(request -> request.bucket(bucket)
                        .key(key)
                        .contentType(contentType)
                        .serverSideEncryption(ServerSideEncryption.AES256))
                .uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long size = 0;
            byte[] part = first;
            while (part.length > 0) {
                int number = parts.size() + 1;
                byte[] body = part;
                String etag = s3.uploadPart(
                                request -> request.bucket(bucket)
                                        .key(key)
                                        .uploadId(uploadId)
                                        .partNumber(number),
                                RequestBody.fromBytes(body))
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                size += part.length;
                part = in.readNBytes(PART_SIZE);
            }
            CompleteMultipartUploadResponse done = s3.completeMultipartUpload(request ->
                    request.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(upload -> upload.parts(parts)));
            return new StoredObject(key, size, contentType, Sha256.hex(digest), done.eTag(), done.versionId());
        } catch (IOException | RuntimeException e) {
            s3.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
            throw e;
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        return S3Lookups.ifExists(() ->
                s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArray());
    }

    @Override
    public Optional<InputStream> open(String key) {
        return S3Lookups.ifExists(
                () -> s3.getObject(request -> request.bucket(bucket).key(key)));
    }

    @Override
    public boolean exists(String key) {
        return S3Lookups.ifExists(
                        () -> s3.headObject(request -> request.bucket(bucket).key(key)))
                .isPresent();
    }

    @Override
    public List<String> list(String prefix) {
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix))
                .contents()
                .forEach(object -> keys.add(object.key()));
        return keys;
    }

    @Override
    public URL presignGet(String key, Duration ttl, Optional<String> downloadName) {
        return presigner
                .presignGetObject(request -> request.signatureDuration(ttl).getObjectRequest(get -> {
                    get.bucket(bucket).key(key);
                    downloadName.ifPresent(name ->
                            get.responseContentDisposition("attachment; filename=\"" + name.replace("\"", "") + "\""));
                }))
                .url();
    }

    @Override
    public URL presignPut(String key, Duration ttl, String contentType) {
        return presigner
                .presignPutObject(request -> request.signatureDuration(ttl)
                        .putObjectRequest(put -> put.bucket(bucket).key(key).contentType(contentType)))
                .url();
    }
}
