package io.comfyless.functions.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.model.ModelDownload;
import io.comfyless.core.model.ModelEntry;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Models on the wire. */
final class ModelViews {

    private ModelViews() {}

    /** Adds a download's transfer figures (bytes, speed, time left, error) to {@code node}; unknown ones as null. */
    static ObjectNode putTransfer(ObjectNode node, ModelDownload download) {
        return node.put("downloaded_bytes", download.bytesDone())
                .put("total_bytes", download.totalBytes())
                .put("speed_bytes_per_second", download.bytesPerSecond())
                .put("eta_seconds", download.etaSeconds())
                .put("error", download.error());
    }

    /**
     * One model file: seed 004's {@code path} and {@code type} (its folder), seed 001's {@code name},
     * and the checksum when the store has one.
     */
    record Model(
            String path,
            String name,
            String folder,
            String type,
            long sizeBytes,
            Instant lastModified,
            String sha256,
            String detailsUrl) {

        static Model of(ModelEntry entry) {
            return new Model(
                    entry.path().relative(),
                    entry.path().name(),
                    entry.path().folder(),
                    entry.path().folder(),
                    entry.sizeBytes(),
                    entry.lastModified(),
                    entry.sha256(),
                    "/v1/models/" + entry.path().folder() + "/"
                            + encode(entry.path().name()));
        }
    }

    /** A model name as one path segment: {@code /} and anything else outside the URL alphabet percent-encoded. */
    static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * A path segment as the client sent it, percent-decoded: a name with sub-folders travels as
     * {@code SDXL%2Fdetail.safetensors}. A literal {@code +} stays a plus, as in any URL path.
     */
    static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return segment;
        }
    }
}
