package io.comfyless.testkit.comfyui;

import java.net.URI;
import java.nio.file.Path;

/**
 * A ComfyUI server a test talks to over HTTP and WebSocket: the protocol double ({@link ComfyUiDouble}) or a real one
 * ({@link RealComfyUi}). Suites written against this run unchanged against both.
 */
public interface ComfyUiInstance extends AutoCloseable {

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    URI base();

    /** {@code ws://host:port/ws?clientId=...}. */
    URI webSocketUri(String clientId);

    /** Where LoadImage reads and uploads of type "input" go. */
    Path inputDir();

    /** Where SaveImage writes. */
    Path outputDir();

    /** Whether it answers: false after {@link #crash()} until {@link #restart()}. */
    boolean isRunning();

    /** Dies at once, like a killed process: queue, history and cache are lost, files stay. */
    void crash();

    /** Crashes it if it runs, then starts it again on the same port and folders. */
    void restart();

    @Override
    void close();
}
