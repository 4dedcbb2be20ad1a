package io.comfyless.functions.http;

import io.comfyless.core.error.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} body (RFC 7578), read from the request's bytes: each part's field
 * name, file name, content type and bytes. Small by design: an API Gateway body is a few megabytes
 * at most, so parts are plain byte arrays.
 */
public record MultipartForm(List<Part> parts) {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))");
    private static final Pattern NAME = Pattern.compile("(?:^|;)\\s*name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?:^|;)\\s*filename=\"([^\"]*)\"");

    public MultipartForm {
        parts = List.copyOf(parts);
    }

    /** One part: {@code filename} and {@code contentType} are empty for plain fields. */
    public record Part(String name, Optional<String> filename, Optional<String> contentType, byte[] bytes) {

        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    public Optional<Part> part(String name) {
        return parts.stream().filter(part -> part.name().equals(name)).findFirst();
    }

    /** @throws ValidationException when the body is not multipart/form-data or is cut short */
    public static MultipartForm parse(ApiRequest request) {
        String contentType = request.header("content-type").orElse("");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw ValidationException.of(
                    "INVALID_CONTENT_TYPE", "Content-Type", "Send the file as multipart/form-data with a 'file' field");
        }
        Matcher boundary = BOUNDARY.matcher(contentType);
        if (!boundary.find()) {
            throw ValidationException.of(
                    "INVALID_CONTENT_TYPE", "Content-Type", "multipart/form-data needs a boundary parameter");
        }
        String value = boundary.group(1) != null ? boundary.group(1) : boundary.group(2);
        return new MultipartForm(split(request.bodyBytes(), ("--" + value).getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static List<Part> split(byte[] body, byte[] delimiter) {
        List<Part> parts = new ArrayList<>();
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw malformed("no part starts with the boundary");
        }
        while (true) {
            int afterDelimiter = at + delimiter.length;
            if (startsWith(body, afterDelimiter, "--")) {
                return parts;
            }
            int headersStart = skipLineBreak(body, afterDelimiter);
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            if (headersEnd < 0) {
                throw malformed("a part's headers never end");
            }
            int next = indexOf(body, concat("\r\n", delimiter), headersEnd + 4);
            if (next < 0) {
                throw malformed("the closing boundary is missing");
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            byte[] content = Arrays.copyOfRange(body, headersEnd + 4, next);
            parts.add(part(headers, content));
            at = next + 2;
        }
    }

    private static Part part(String headers, byte[] content) {
        String disposition = null;
        String type = null;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-disposition")) {
                disposition = value;
            } else if (name.equals("content-type")) {
                type = value;
            }
        }
        if (disposition == null) {
            throw malformed("a part has no Content-Disposition");
        }
        Matcher name = NAME.matcher(disposition);
        if (!name.find()) {
            throw malformed("a part has no field name");
        }
        Matcher filename = FILENAME.matcher(disposition);
        return new Part(
                name.group(1),
                filename.find() ? Optional.of(filename.group(1)) : Optional.empty(),
                Optional.ofNullable(type),
                content);
    }

    private static ValidationException malformed(String why) {
        return ValidationException.of("INVALID_MULTIPART", "body", "Malformed multipart/form-data body: " + why);
    }

    private static int skipLineBreak(byte[] body, int at) {
        return startsWith(body, at, "\r\n") ? at + 2 : at;
    }

    private static boolean startsWith(byte[] body, int at, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (at + bytes.length > body.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (body[at + i] != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] concat(String prefix, byte[] rest) {
        byte[] start = prefix.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(start, start.length + rest.length);
        System.arraycopy(rest, 0, all, start.length, rest.length);
        return all;
    }

    private static int indexOf(byte[] body, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= body.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (body[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
