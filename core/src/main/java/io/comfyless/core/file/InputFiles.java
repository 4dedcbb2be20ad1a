package io.comfyless.core.file;

import io.comfyless.contract.Bucket;
import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.job.IdGenerator;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Workflow input files, uploaded by clients straight to S3 through presigned PUTs so the API
 * never carries their bytes. Each file lives at {@code inputs/<tenant>/<file_id>/<name>}: the
 * tenant in the key is what isolates tenants (a file id of another tenant is simply not found,
 * and runners only read the job owner's {@code inputs/<tenant>/} area), and the object itself is
 * the only record, so there is nothing to keep in step. The upload URL binds the content type and
 * the exact length, which is how the size limit holds without the bytes passing through here.
 */
public final class InputFiles {

    /** Seed 002's limit on input files; runners refuse larger ones too. */
    public static final long MAX_BYTES = 50L * 1024 * 1024;

    public static final Duration UPLOAD_TTL = Duration.ofMinutes(15);
    public static final Duration DOWNLOAD_TTL = Duration.ofHours(1);
    static final int MAX_NAME_LENGTH = 100;
    private static final Pattern FILE_ID = Pattern.compile("file_[0-9a-f]{20}");
    private static final Pattern CONTENT_TYPE =
            Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,127}");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("webp", "image/webp"),
            Map.entry("gif", "image/gif"),
            Map.entry("bmp", "image/bmp"),
            Map.entry("tif", "image/tiff"),
            Map.entry("tiff", "image/tiff"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"),
            Map.entry("mov", "video/quicktime"),
            Map.entry("wav", "audio/wav"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("flac", "audio/flac"),
            Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain"));

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final Clock clock;
    private final IdGenerator ids;

    public InputFiles(S3Client s3, S3Presigner presigner, String bucket, Clock clock, IdGenerator ids) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
        this.clock = clock;
        this.ids = ids;
    }

    /**
     * Plans an upload.
     *
     * @param contentType the type the upload must declare; guessed from the name's extension when empty
     */
    /** @throws ValidationException naming {@code field} when the size is outside 1 byte to {@link #MAX_BYTES} */
    public static void checkSize(long sizeBytes, String field) {
        if (sizeBytes < 1 || sizeBytes > MAX_BYTES) {
            throw ValidationException.of(
                    ErrorCodes.INVALID_VALUE,
                    field,
                    field + " must be from 1 to " + MAX_BYTES + " (input files are limited to "
                            + MAX_BYTES / (1024 * 1024) + " MB)");
        }
    }

    public FileUpload create(String tenant, String filename, Optional<String> contentType, long sizeBytes) {
        String name = safeName(filename);
        checkSize(sizeBytes, "size_bytes");
        String type = contentType.map(t -> t.trim().toLowerCase(Locale.ROOT)).orElseGet(() -> guessType(name));
        if (!CONTENT_TYPE.matcher(type).matches()) {
            throw ValidationException.of(
                    ErrorCodes.INVALID_VALUE, "content_type", "content_type must be a media type such as image/png");
        }
        String fileId = "file_" + ids.randomHex(10);
        String key = areaOf(tenant) + fileId + "/" + name;
        var presigned = presigner.presignPutObject(request -> request.signatureDuration(UPLOAD_TTL)
                .putObjectRequest(
                        put -> put.bucket(bucket).key(key).contentType(type).contentLength(sizeBytes)));
        return new FileUpload(
                fileId,
                name,
                key,
                type,
                sizeBytes,
                presigned.url(),
                "PUT",
                Map.of("Content-Type", type),
                clock.instant().plus(UPLOAD_TTL));
    }

    /**
     * Stores a small file whose bytes came with the request itself (a multipart upload), under the
     * same key scheme as a presigned upload.
     */
    public InputFile store(String tenant, String filename, Optional<String> contentType, byte[] bytes) {
        String name = safeName(filename);
        if (bytes.length < 1) {
            throw ValidationException.of("INVALID_VALUE", "file", "The file is empty");
        }
        String type = contentType
                .map(t -> t.trim().toLowerCase(Locale.ROOT))
                .filter(t -> CONTENT_TYPE.matcher(t).matches() && !t.equals("application/octet-stream"))
                .orElseGet(() -> guessType(name));
        String fileId = "file_" + ids.randomHex(10);
        String key = areaOf(tenant) + fileId + "/" + name;
        s3.putObject(request -> request.bucket(bucket).key(key).contentType(type), RequestBody.fromBytes(bytes));
        Instant now = clock.instant();
        return new InputFile(fileId, name, key, type, bytes.length, now, now.plus(Bucket.INPUT_RETENTION));
    }

    /** The file's bytes; for files small enough to answer with, as {@code GET /files/{id}} does. */
    public byte[] read(InputFile file) {
        return s3.getObjectAsBytes(request -> request.bucket(bucket).key(file.key()))
                .asByteArray();
    }

    /** The tenant's file, once uploaded; empty for unknown ids, other tenants' files and uploads not yet made. */
    public Optional<InputFile> find(String tenant, String fileId) {
        if (!FILE_ID.matcher(fileId).matches()) {
            return Optional.empty();
        }
        String prefix = areaOf(tenant) + fileId + "/";
        Optional<S3Object> object =
                s3
                        .listObjectsV2(
                                request -> request.bucket(bucket).prefix(prefix).maxKeys(1))
                        .contents()
                        .stream()
                        .findFirst();
        if (object.isEmpty()) {
            return Optional.empty();
        }
        String key = object.get().key();
        HeadObjectResponse head;
        try {
            head = s3.headObject(request -> request.bucket(bucket).key(key));
        } catch (NoSuchKeyException deletedMeanwhile) {
            return Optional.empty();
        }
        Instant created = head.lastModified();
        return Optional.of(new InputFile(
                fileId,
                key.substring(prefix.length()),
                key,
                head.contentType() == null ? "application/octet-stream" : head.contentType(),
                head.contentLength(),
                created,
                created.plus(Bucket.INPUT_RETENTION)));
    }

    /** A GET link for the file that expires after {@link #DOWNLOAD_TTL}. */
    public URL downloadUrl(InputFile file) {
        return presigner
                .presignGetObject(request -> request.signatureDuration(DOWNLOAD_TTL)
                        .getObjectRequest(get -> get.bucket(bucket)
                                .key(file.key())
                                .responseContentDisposition("attachment; filename=\"" + file.filename() + "\"")))
                .url();
    }

    public Instant downloadExpiry() {
        return clock.instant().plus(DOWNLOAD_TTL);
    }

    /** {@code inputs/<tenant>/}: the one area a tenant's jobs may read from. */
    static String areaOf(String tenant) {
        if (tenant.isEmpty() || tenant.contains("/") || tenant.contains("..")) {
            throw new IllegalArgumentException("Tenant id unusable in a key: " + tenant);
        }
        return Bucket.INPUTS_PREFIX + tenant + "/";
    }

    /**
     * The client's name reduced to its last path segment in a portable alphabet, so the key is
     * predictable and the name is safe in a Content-Disposition header and in ComfyUI's input folder.
     */
    static String safeName(String filename) {
        if (filename == null || filename.isBlank()) {
            throw ValidationException.of(ErrorCodes.REQUIRED_FIELD, "filename", "Field 'filename' is required");
        }
        String last = filename.trim().replace('\\', '/');
        last = last.substring(last.lastIndexOf('/') + 1);
        String cleaned = last.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "");
        if (cleaned.isEmpty() || cleaned.chars().allMatch(c -> c == '_' || c == '.')) {
            throw ValidationException.of(
                    ErrorCodes.INVALID_VALUE, "filename", "filename must contain letters or digits");
        }
        if (cleaned.length() > MAX_NAME_LENGTH) {
            int dot = cleaned.lastIndexOf('.');
            String extension = dot > 0 && cleaned.length() - dot <= 10 ? cleaned.substring(dot) : "";
            cleaned = cleaned.substring(0, MAX_NAME_LENGTH - extension.length()) + extension;
        }
        return cleaned;
    }

    static String guessType(String name) {
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }
}
