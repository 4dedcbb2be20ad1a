package io.comfyless.core.model;

import io.comfyless.core.error.ConflictException;
import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.error.ValidationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Hands out presigned uploads into the model store. Model files are gigabytes and an API Lambda
 * has 29 seconds and 6 MB of payload, so the bytes go from the client to S3 directly: one PUT
 * bound to the file's exact length (and checksum, when given) up to 5 GiB, S3's single-PUT limit;
 * above it a multipart upload whose parts are presigned one by one, which the client completes
 * with {@link #complete}. Unfinished multipart uploads are removed by the bucket's lifecycle rule.
 */
public final class ModelUploads {

    /** S3's largest single PUT. */
    public static final long SINGLE_PUT_LIMIT = 5L * 1024 * 1024 * 1024;
    /** S3's largest object. */
    public static final long MAX_SIZE = 5L * 1024 * 1024 * 1024 * 1024;

    public static final String CONTENT_TYPE = "application/octet-stream";
    static final long DEFAULT_PART_SIZE = 256L * 1024 * 1024;
    static final int MAX_PARTS = 10_000;
    static final Duration PUT_TTL = Duration.ofHours(1);
    /** Long enough to push tens of gigabytes over an ordinary uplink. */
    static final Duration MULTIPART_TTL = Duration.ofHours(6);

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final ModelStore store;
    private final Clock clock;
    private final long singlePutLimit;
    private final long minPartSize;

    public ModelUploads(S3Client s3, S3Presigner presigner, String bucket, ModelStore store, Clock clock) {
        this(s3, presigner, bucket, store, clock, SINGLE_PUT_LIMIT, DEFAULT_PART_SIZE);
    }

    /** With smaller limits, so tests can exercise multipart uploads with megabytes rather than gigabytes. */
    public ModelUploads(
            S3Client s3,
            S3Presigner presigner,
            String bucket,
            ModelStore store,
            Clock clock,
            long singlePutLimit,
            long minPartSize) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
        this.store = store;
        this.clock = clock;
        this.singlePutLimit = singlePutLimit;
        this.minPartSize = minPartSize;
    }

    /**
     * Plans the upload of {@code sizeBytes} to {@code path}.
     *
     * @param overwrite whether an existing model may be replaced; otherwise that is a 409
     */
    public ModelUpload start(ModelPath path, long sizeBytes, Optional<String> sha256, boolean overwrite) {
        if (sizeBytes < 1 || sizeBytes > MAX_SIZE) {
            throw ValidationException.of(
                    ErrorCodes.INVALID_VALUE, "size_bytes", "size_bytes must be from 1 to " + MAX_SIZE);
        }
        sha256.filter(sha -> !SHA256.matcher(sha).matches()).ifPresent(bad -> {
            throw ValidationException.of(ErrorCodes.INVALID_VALUE, "sha256", "sha256 must be 64 lower-case hex digits");
        });
        if (!overwrite && store.find(path).isPresent()) {
            throw new ConflictException(
                    "Model " + path.relative() + " already exists; delete it or set overwrite",
                    List.of(ErrorDetail.field(
                            ErrorCodes.MODEL_EXISTS, "filename", path.relative() + " is in the store")));
        }
        Map<String, String> metadata =
                sha256.map(sha -> Map.of(S3ModelStore.SHA256_METADATA, sha)).orElse(Map.of());
        return sizeBytes <= singlePutLimit
                ? singlePut(path, sizeBytes, metadata)
                : multipart(path, sizeBytes, metadata);
    }

    /** Completes a multipart upload from its parts' ETags; the model is in the store afterwards. */
    public ModelEntry complete(ModelPath path, String uploadId, List<ModelUpload.CompletedPart> parts) {
        if (parts.isEmpty()) {
            throw ValidationException.of(
                    ErrorCodes.REQUIRED_FIELD, "parts", "parts must list every uploaded part with its etag");
        }
        List<software.amazon.awssdk.services.s3.model.CompletedPart> completed = new ArrayList<>();
        for (ModelUpload.CompletedPart part : parts) {
            completed.add(software.amazon.awssdk.services.s3.model.CompletedPart.builder()
                    .partNumber(part.partNumber())
                    .eTag(part.etag())
                    .build());
        }
        try {
            s3.completeMultipartUpload(request -> request.bucket(bucket)
                    .key(path.key())
                    .uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(completed)));
        } catch (NoSuchUploadException e) {
            throw noSuchUpload(uploadId);
        } catch (S3Exception e) {
            throw clientError(e);
        }
        return store.find(path).orElseThrow(() -> new NotFoundException("Model " + path.relative() + " not found"));
    }

    /** Gives up a multipart upload and frees the parts already stored. */
    public void abort(ModelPath path, String uploadId) {
        try {
            s3.abortMultipartUpload(
                    request -> request.bucket(bucket).key(path.key()).uploadId(uploadId));
        } catch (NoSuchUploadException e) {
            throw noSuchUpload(uploadId);
        } catch (S3Exception e) {
            throw clientError(e);
        }
    }

    private ModelUpload singlePut(ModelPath path, long size, Map<String, String> metadata) {
        Instant expires = clock.instant().plus(PUT_TTL);
        var presigned = presigner.presignPutObject(request -> request.signatureDuration(PUT_TTL)
                .putObjectRequest(put -> put.bucket(bucket)
                        .key(path.key())
                        .contentType(CONTENT_TYPE)
                        .contentLength(size)
                        .metadata(metadata)));
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", CONTENT_TYPE);
        metadata.forEach((name, value) -> headers.put("x-amz-meta-" + name, value));
        return new ModelUpload(path, "PUT", presigned.url(), headers, null, 0, List.of(), expires);
    }

    private ModelUpload multipart(ModelPath path, long size, Map<String, String> metadata) {
        long partSize = Math.max(minPartSize, ceilToMiB((size + MAX_PARTS - 1) / MAX_PARTS));
        int count = (int) ((size + partSize - 1) / partSize);
        String uploadId = s3.createMultipartUpload(request -> request.bucket(bucket)
                        .key(path.key())
                        .contentType(CONTENT_TYPE)
                        .metadata(metadata)
                        .serverSideEncryption(ServerSideEncryption.AES256))
                .uploadId();
        List<ModelUpload.Part> parts = new ArrayList<>(count);
        for (int number = 1; number <= count; number++) {
            int partNumber = number;
            parts.add(new ModelUpload.Part(
                    partNumber,
                    presigner
                            .presignUploadPart(request -> request.signatureDuration(MULTIPART_TTL)
                                    .uploadPartRequest(part -> part.bucket(bucket)
                                            .key(path.key())
                                            .uploadId(uploadId)
                                            .partNumber(partNumber)))
                            .url()));
        }
        return new ModelUpload(
                path,
                "PUT",
                null,
                Map.of(),
                uploadId,
                partSize,
                parts,
                clock.instant().plus(MULTIPART_TTL));
    }

    private static long ceilToMiB(long bytes) {
        long mib = 1024L * 1024;
        return (bytes + mib - 1) / mib * mib;
    }

    private static NotFoundException noSuchUpload(String uploadId) {
        return new NotFoundException("Upload '" + uploadId + "' not found: it was completed, aborted or expired");
    }

    /** S3 refuses bad part lists (missing parts, wrong ETags, parts too small) with 400: the client's to fix. */
    private static RuntimeException clientError(S3Exception e) {
        if (e.statusCode() == 404) {
            return new NotFoundException(
                    "Upload not found: " + e.awsErrorDetails().errorMessage());
        }
        if (e.statusCode() == 400) {
            String code = e.awsErrorDetails() == null
                    ? "InvalidRequest"
                    : e.awsErrorDetails().errorCode();
            return ValidationException.of(
                    ErrorCodes.UPLOAD_REJECTED,
                    "parts",
                    "S3 refused the upload: " + code
                            + (e.awsErrorDetails() == null
                                    ? ""
                                    : " (" + e.awsErrorDetails().errorMessage() + ")"));
        }
        return e;
    }
}
