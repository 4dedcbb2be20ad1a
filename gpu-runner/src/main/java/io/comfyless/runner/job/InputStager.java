package io.comfyless.runner.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.comfyless.contract.Bucket;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.job.Job;
import io.comfyless.core.net.GuardedHttp;
import io.comfyless.core.net.UrlGuard;
import io.comfyless.core.storage.BlobStore;
import io.comfyless.core.workflow.Workflow;
import io.comfyless.runner.comfyui.ComfyUiClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a job's input files present in ComfyUI before its prompt is submitted. A {@code Load*}
 * node's {@code image}/{@code mask}/{@code video} input may name:
 * <ul>
 *   <li>an object in the job owner's upload area ({@code inputs/<tenant>/...} or
 *       {@code s3://<bucket>/inputs/<tenant>/...});</li>
 *   <li>an https URL, fetched through the {@link UrlGuard} (no redirects, size-limited);</li>
 *   <li>inline data ({@code data:image/png;base64,...}).</li>
 * </ul>
 * Each is uploaded through {@code /upload/image} into a folder of the job's own and the input is
 * rewritten to point at it. Any other value is a file already in ComfyUI's input folder.
 */
public final class InputStager {

    /** Seed 002's limit on input images. */
    static final int MAX_INPUT_BYTES = 50 * 1024 * 1024;

    private static final Set<String> FILE_INPUTS = Set.of("image", "mask", "video");
    private static final Pattern DATA_URL = Pattern.compile("^data:([\\w/+.-]+);base64,(.*)$", Pattern.DOTALL);

    private final BlobStore blobs;
    private final String bucket;
    private final GuardedHttp http;

    public InputStager(BlobStore blobs, String bucket, UrlGuard guard) {
        this.blobs = blobs;
        this.bucket = bucket;
        this.http = new GuardedHttp(guard, Duration.ofSeconds(10), Duration.ofMinutes(1));
    }

    /** Thrown when an input cannot be fetched or is not the caller's to use. */
    public static final class InputException extends RuntimeException {
        InputException(String message) {
            super(message);
        }
    }

    public Workflow stage(Job job, Workflow workflow, ComfyUiClient comfyui) {
        Workflow staged = workflow;
        for (String nodeId : workflow.nodeIds()) {
            boolean loader = workflow.classType(nodeId)
                    .map(type -> type.startsWith("Load"))
                    .orElse(false);
            if (!loader) {
                continue;
            }
            for (Map.Entry<String, JsonNode> input : workflow.inputs(nodeId).entrySet()) {
                if (FILE_INPUTS.contains(input.getKey()) && input.getValue().isTextual()) {
                    String where = "node " + nodeId + " input " + input.getKey();
                    Fetched fetched = fetch(job, input.getValue().asText(), where);
                    if (fetched != null) {
                        String name = comfyui.uploadImage(fetched.bytes(), fetched.name(), "comfyless/" + job.id());
                        staged = staged.withInput(nodeId, input.getKey(), TextNode.valueOf(name));
                    }
                }
            }
        }
        return staged;
    }

    private record Fetched(byte[] bytes, String name) {}

    private Fetched fetch(Job job, String value, String where) {
        Matcher data = DATA_URL.matcher(value);
        if (data.matches()) {
            byte[] bytes;
            try {
                bytes = Base64.getMimeDecoder().decode(data.group(2));
            } catch (IllegalArgumentException e) {
                throw new InputException(where + ": inline data is not valid base64");
            }
            return new Fetched(limit(bytes, where), "inline." + extension(data.group(1)));
        }
        String key = s3Key(value);
        if (key != null) {
            String ownArea = Bucket.INPUTS_PREFIX + job.owner() + "/";
            if (!key.startsWith(ownArea) || key.contains("..")) {
                throw new InputException(
                        where + ": only files uploaded by this tenant (" + ownArea + "...) can be used");
            }
            byte[] bytes = blobs.get(key).orElseThrow(() -> new InputException(where + ": no uploaded file " + key));
            return new Fetched(limit(bytes, where), key.substring(key.lastIndexOf('/') + 1));
        }
        if (value.regionMatches(true, 0, "https://", 0, 8) || value.regionMatches(true, 0, "http://", 0, 7)) {
            return download(value, where);
        }
        return null;
    }

    private String s3Key(String value) {
        String s3Prefix = "s3://" + bucket + "/";
        if (value.startsWith(s3Prefix)) {
            return value.substring(s3Prefix.length());
        }
        if (value.startsWith("s3://")) {
            throw new InputException("s3 inputs must be in the ComfyLess bucket " + bucket);
        }
        return value.startsWith(Bucket.INPUTS_PREFIX) ? value : null;
    }

    private Fetched download(String url, String where) {
        try (GuardedHttp.Response response = http.get(url, where)) {
            URI uri = response.uri();
            if (response.status() != 200) {
                throw new InputException(where + ": " + uri.getHost() + " answered " + response.status());
            }
            byte[] bytes;
            try (InputStream body = response.body()) {
                bytes = limit(body.readNBytes(MAX_INPUT_BYTES + 1), where);
            }
            String path = uri.getPath() == null ? "" : uri.getPath();
            String name = path.contains("/") ? path.substring(path.lastIndexOf('/') + 1) : path;
            return new Fetched(bytes, name.isBlank() ? "download" : name);
        } catch (ValidationException refused) {
            throw new InputException(refused.getMessage());
        } catch (IOException e) {
            throw new InputException(where + ": cannot download " + url + ": " + e.getMessage());
        }
    }

    private static byte[] limit(byte[] bytes, String where) {
        if (bytes.length > MAX_INPUT_BYTES) {
            throw new InputException(where + ": input larger than " + MAX_INPUT_BYTES / (1024 * 1024) + " MB");
        }
        return bytes;
    }

    private static String extension(String mime) {
        return switch (mime) {
            case "image/jpeg" -> "jpg";
            case "image/webp" -> "webp";
            case "image/gif" -> "gif";
            default -> "png";
        };
    }
}
