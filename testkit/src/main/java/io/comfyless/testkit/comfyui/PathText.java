package io.comfyless.testkit.comfyui;

import java.util.ArrayDeque;
import java.util.Deque;

/** Python's {@code os.path.normpath}, {@code dirname} and {@code basename} on '/'-separated text, as ComfyUI uses them. */
final class PathText {

    private PathText() {}

    static String normpath(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.startsWith("/");
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..") && !parts.isEmpty() && !parts.peekLast().equals("..")) {
                parts.removeLast();
            } else if (!(part.equals("..") && rooted)) {
                parts.addLast(part);
            }
        }
        String joined = String.join("/", parts);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    static String dirname(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return "";
        }
        String head = path.substring(0, slash);
        return head.isEmpty() ? "/" : head;
    }

    static String basename(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
