package io.comfyless.testkit.comfyui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Attributes;

/** {@code GET /view} and {@code POST /upload/image}, with ComfyUI's path checks and duplicate-name handling. */
final class ComfyUiFileRoutes {

    static final long MAX_UPLOAD_SIZE = 100L * 1024 * 1024;

    private final ComfyUiOutputFiles files;

    ComfyUiFileRoutes(ComfyUiOutputFiles files) {
        this.files = files;
    }

    void register(ComfyUiRouter router) {
        router.get("/view", this::view).post("/upload/image", this::uploadImage);
    }

    private Reply view(HttpCall call) throws IOException {
        String filename = call.query("filename");
        if (filename == null) {
            return Reply.empty(404);
        }
        String type = call.query("type");
        ComfyUiOutputFiles.Lookup lookup = files.view(
                filename, type == null ? "output" : type, call.hasQuery("subfolder") ? call.query("subfolder") : null);
        if (lookup.status() != 200) {
            return Reply.empty(lookup.status());
        }
        Path file = lookup.file();
        String name = file.getFileName().toString();
        Map<String, String> disposition = Map.of("Content-Disposition", "filename=\"" + name + "\"");
        if (call.hasQuery("preview")) {
            // ComfyUI re-encodes to webp or jpeg; ImageIO has no webp writer, so both come back as JPEG.
            return Reply.bytes("image/jpeg", PngFiles.encodeJpeg(PngFiles.read(file)), disposition);
        }
        String channel = call.hasQuery("channel") ? call.query("channel") : "rgba";
        if (channel.equals("rgb")) {
            return Reply.bytes("image/png", PngFiles.encode(Images.toRgb(PngFiles.read(file))), disposition);
        }
        if (channel.equals("a")) {
            return Reply.bytes("image/png", PngFiles.encode(alphaOnly(PngFiles.read(file))), disposition);
        }
        return Reply.bytes(contentType(name), Files.readAllBytes(file), disposition);
    }

    private Reply uploadImage(HttpCall call) throws Exception {
        String contentType = call.header(HttpHeader.CONTENT_TYPE.asString());
        if (call.body().length > MAX_UPLOAD_SIZE) {
            return Reply.text(
                    413,
                    "Maximum request body size " + MAX_UPLOAD_SIZE + " exceeded, actual body size "
                            + call.body().length);
        }
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return Reply.empty(400);
        }
        try (MultiPartFormData.Parts parts = parse(contentType, call.body())) {
            MultiPart.Part image = parts.getFirst("image");
            if (image == null
                    || image.getFileName() == null
                    || image.getFileName().isEmpty()) {
                return Reply.empty(400);
            }
            String type = field(parts, "type");
            Path dir = files.directory(type == null ? "input" : type)
                    .orElseThrow(() ->
                            new IllegalArgumentException("local variable 'type_dir' referenced before assignment"));
            String subfolder = Optional.ofNullable(field(parts, "subfolder")).orElse("");
            ByteBuffer content = Content.Source.asByteBuffer(image.getContentSource());
            byte[] bytes = new byte[content.remaining()];
            content.get(bytes);
            Optional<String> stored = store(dir, subfolder, image.getFileName(), bytes, field(parts, "overwrite"));
            if (stored.isEmpty()) {
                return Reply.empty(400);
            }
            return Reply.json(ComfyUiJson.object()
                    .put("name", stored.get())
                    .put("subfolder", subfolder)
                    .put("type", type == null ? "input" : type));
        }
    }

    /** Writes the upload, renaming to {@code "name (1).png"} when a different file already has the name. */
    private Optional<String> store(Path dir, String subfolder, String filename, byte[] bytes, String overwrite)
            throws IOException {
        Optional<Path> target = files.uploadTarget(dir, subfolder, filename);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        Path file = target.get();
        Files.createDirectories(file.getParent());
        String name = filename;
        if (!"true".equals(overwrite) && !"1".equals(overwrite)) {
            int dot = filename.lastIndexOf('.');
            boolean hasExtension =
                    dot > 0 && !filename.substring(0, dot).chars().allMatch(c -> c == '.');
            String stem = hasExtension ? filename.substring(0, dot) : filename;
            String extension = hasExtension ? filename.substring(dot) : "";
            for (int i = 1; Files.exists(file); i++) {
                if (Arrays.equals(sha256(Files.readAllBytes(file)), sha256(bytes))) {
                    return Optional.of(name);
                }
                name = stem + " (" + i + ")" + extension;
                file = file.resolveSibling(name);
            }
        }
        Files.write(file, bytes);
        return Optional.of(name);
    }

    private static MultiPartFormData.Parts parse(String contentType, byte[] body) {
        MultiPartConfig config = new MultiPartConfig.Builder()
                .maxSize(MAX_UPLOAD_SIZE)
                .maxPartSize(MAX_UPLOAD_SIZE)
                .maxMemoryPartSize(MAX_UPLOAD_SIZE)
                .build();
        return MultiPartFormData.getParts(
                Content.Source.from(ByteBuffer.wrap(body)), new Attributes.Mapped(), contentType, config);
    }

    private static String field(MultiPartFormData.Parts parts, String name) {
        MultiPart.Part part = parts.getFirst(name);
        return part == null ? null : part.getContentAsString(StandardCharsets.UTF_8);
    }

    private static BufferedImage alphaOnly(BufferedImage image) {
        BufferedImage alpha = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        boolean hasAlpha = image.getColorModel().hasAlpha();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int a = hasAlpha ? image.getRGB(x, y) >>> 24 : 255;
                alpha.setRGB(x, y, a << 24);
            }
        }
        return alpha;
    }

    /** Python's {@code mimetypes.guess_type} for the files ComfyUI serves, with aiohttp's fallback. */
    static String contentType(String filename) {
        String lower = filename.toLowerCase(Locale.ROOT);
        String extension = lower.contains(".") ? lower.substring(lower.lastIndexOf('.') + 1) : "";
        return switch (extension) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "webp" -> "image/webp";
            case "gif" -> "image/gif";
            case "bmp" -> "image/bmp";
            case "tif", "tiff" -> "image/tiff";
            case "svg" -> "image/svg+xml";
            case "mp4" -> "video/mp4";
            case "webm" -> "video/webm";
            case "mp3" -> "audio/mpeg";
            case "wav" -> "audio/x-wav";
            case "flac" -> "audio/flac";
            case "json" -> "application/json";
            case "txt" -> "text/plain";
            default -> "application/octet-stream";
        };
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
