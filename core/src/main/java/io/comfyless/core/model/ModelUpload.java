package io.comfyless.core.model;

import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How a client puts one model file into the store itself, straight to S3: the API never carries
 * the bytes. Files up to {@link ModelUploads#SINGLE_PUT_LIMIT} get one presigned PUT ({@code url},
 * sent with exactly {@code headers}); larger ones a multipart upload: PUT each part to its URL,
 * then complete it with the parts' ETags.
 *
 * @param uploadId null for a single PUT
 * @param partSize bytes per part (the last one may be shorter); 0 for a single PUT
 */
public record ModelUpload(
        ModelPath path,
        String method,
        URL url,
        Map<String, String> headers,
        String uploadId,
        long partSize,
        List<Part> parts,
        Instant expiresAt) {

    public ModelUpload {
        headers = Map.copyOf(headers);
        parts = List.copyOf(parts);
    }

    public boolean multipart() {
        return uploadId != null;
    }

    /** One part's presigned PUT. */
    public record Part(int partNumber, URL url) {}

    /** A part the client uploaded, as S3 acknowledged it. */
    public record CompletedPart(int partNumber, String etag) {}
}
