package io.comfyless.runner.job;

import io.comfyless.contract.Bucket;
import io.comfyless.core.job.JobOutput;
import io.comfyless.core.storage.BlobStore;
import io.comfyless.core.storage.StoredObject;
import io.comfyless.runner.comfyui.ComfyUiClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Copies a prompt's files from ComfyUI to S3, streaming (multipart for large files), under keys
 * fixed by job, attempt and file, so a retried upload overwrites instead of duplicating. Records
 * content type, size, SHA-256 and, for images, dimensions.
 */
final class OutputUploader {

    private final BlobStore blobs;

    OutputUploader(BlobStore blobs) {
        this.blobs = blobs;
    }

    static String key(String jobId, int attempt, OutputFiles.File file) {
        String name = file.filename().replaceAll("[^A-Za-z0-9._-]", "_");
        return Bucket.OUTPUTS_PREFIX + jobId + "/" + attempt + "/" + file.nodeId() + "-" + file.index() + "-" + name;
    }

    List<JobOutput> upload(String jobId, int attempt, List<OutputFiles.File> files, ComfyUiClient comfyui) {
        List<JobOutput> outputs = new ArrayList<>();
        for (OutputFiles.File file : files) {
            ComfyUiClient.Download download = comfyui.view(file.filename(), file.subfolder(), file.type());
            String contentType = contentType(download.contentType(), file.filename());
            try (InputStream content = download.content()) {
                ImageDimensions.HeadCapture capture = new ImageDimensions.HeadCapture(content);
                StoredObject stored = blobs.put(key(jobId, attempt, file), capture, contentType);
                Optional<ImageDimensions.Size> size =
                        contentType.startsWith("image/") ? ImageDimensions.of(capture.head()) : Optional.empty();
                outputs.add(new JobOutput(
                        file.nodeId(),
                        file.filename(),
                        stored.key(),
                        contentType,
                        stored.sizeBytes(),
                        size.map(ImageDimensions.Size::width).orElse(null),
                        size.map(ImageDimensions.Size::height).orElse(null),
                        stored.sha256(),
                        file.type()));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file.filename() + " from ComfyUI", e);
            }
        }
        return outputs;
    }

    /** ComfyUI guesses content types from names; fall back to the JDK's table, then to bytes. */
    private static String contentType(String fromComfyUi, String filename) {
        String type = fromComfyUi == null ? "" : fromComfyUi.split(";")[0].trim();
        if (!type.isEmpty() && !type.equals("application/octet-stream")) {
            return type;
        }
        String guessed = URLConnection.guessContentTypeFromName(filename);
        return guessed == null ? "application/octet-stream" : guessed;
    }
}
