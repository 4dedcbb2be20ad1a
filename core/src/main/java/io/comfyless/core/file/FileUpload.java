package io.comfyless.core.file;

import java.net.URL;
import java.time.Instant;
import java.util.Map;

/**
 * A presigned upload for one input file: PUT exactly {@code sizeBytes} bytes to {@code uploadUrl}
 * with {@code headers} before {@code expiresAt}; the file is then usable as {@code key}.
 */
public record FileUpload(
        String fileId,
        String filename,
        String key,
        String contentType,
        long sizeBytes,
        URL uploadUrl,
        String method,
        Map<String, String> headers,
        Instant expiresAt) {

    public FileUpload {
        headers = Map.copyOf(headers);
    }
}
