package io.comfyless.testkit.comfyui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * A ComfyUI protocol double: a real HTTP + WebSocket server with ComfyUI's routes, messages, errors, queue and
 * history, that really runs a few model-free nodes (EmptyImage, ImageInvert, ImageScale, ImageBlur, LoadImage,
 * SaveImage, ...). Tests start one per class or per test, arm {@link #faults()}, and check {@link #executions()}.
 *
 * <pre>{@code
 * try (ComfyUiDouble comfy = ComfyUiDouble.start()) {
 *     comfy.faults().delay(NodeTarget.ofClass("ImageInvert"), Duration.ofMillis(500));
 *     // talk to comfy.url() and comfy.webSocketUri("client-1")
 * }
 * }</pre>
 *
 * Standalone: {@code java -cp ... io.comfyless.testkit.comfyui.ComfyUiDouble --port 8188}.
 */
public final class ComfyUiDouble implements ComfyUiInstance {

    private final String host;
    private final ComfyUiOutputFiles files;
    private final Path ownedRoot;
    private final Faults faults = new Faults();
    private final ExecutionLog executions = new ExecutionLog();
    private final int port;
    private ComfyUiServer server;

    private ComfyUiDouble(Builder builder) throws Exception {
        Path root = null;
        if (builder.inputDir == null || builder.outputDir == null || builder.tempDir == null) {
            root = Files.createTempDirectory("comfyui-double-");
        }
        this.ownedRoot = root;
        this.host = builder.host;
        this.files = new ComfyUiOutputFiles(
                builder.inputDir != null ? builder.inputDir : root.resolve("input"),
                builder.outputDir != null ? builder.outputDir : root.resolve("output"),
                builder.tempDir != null ? builder.tempDir : root.resolve("temp"));
        this.server = ComfyUiServer.start(host, builder.port, files, faults, executions);
        this.port = server.port();
    }

    /** Starts on a free loopback port with fresh temporary input, output and temp directories. */
    public static ComfyUiDouble start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}; every route also answers under {@code /api}. */
    public String url() {
        return "http://" + urlHost() + ":" + port;
    }

    @Override
    public URI base() {
        return URI.create(url());
    }

    /** {@code ws://host:port/ws?clientId=...}; a null client id lets the server invent one. */
    @Override
    public URI webSocketUri(String clientId) {
        String query = clientId == null ? "" : "?clientId=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8);
        return URI.create("ws://" + urlHost() + ":" + port + "/ws" + query);
    }

    /** The port, the same across {@link #restart()}. */
    public int port() {
        return port;
    }

    @Override
    public Path inputDir() {
        return files.input();
    }

    @Override
    public Path outputDir() {
        return files.output();
    }

    public Path tempDir() {
        return files.temp();
    }

    /** Faults to inject into node execution; they survive restarts. */
    public Faults faults() {
        return faults;
    }

    /** What was executed, across restarts. */
    public ExecutionLog executions() {
        return executions;
    }

    /** Whether the server answers: false after {@link #crash()} until {@link #restart()}. */
    @Override
    public synchronized boolean isRunning() {
        return server != null && !server.killed();
    }

    /** How many WebSockets are connected now. */
    public synchronized int connectedWebSockets() {
        return server == null ? 0 : server.connectedWebSockets();
    }

    /** Cuts every WebSocket now, without a close frame; whatever runs goes on and is recorded in history. */
    public synchronized void dropWebSockets() {
        if (server != null) {
            server.dropWebSockets();
        }
    }

    /**
     * Crashes the server: WebSockets cut, HTTP connections refused, the running prompt abandoned without a history
     * entry, queue and history lost. Files already written stay. {@link #restart()} brings it back.
     */
    @Override
    public synchronized void crash() {
        if (server != null) {
            server.kill();
        }
    }

    /**
     * Restarts on the same port like a fresh ComfyUI process: empty queue, history and cache, counter back to 0, temp
     * directory wiped, input and output files kept. Crashes the running server first if it is still up.
     */
    @Override
    public synchronized void restart() {
        if (server != null) {
            server.kill();
        }
        try {
            server = ComfyUiServer.start(host, port, files, faults, executions);
        } catch (Exception e) {
            server = null;
            throw new IllegalStateException("ComfyUI double could not restart on port " + port, e);
        }
    }

    /** Stops the server, empties the temp directory, and deletes the directories the double created itself. */
    @Override
    public synchronized void close() {
        try {
            if (server != null) {
                server.stop();
                server = null;
            }
            if (ownedRoot != null) {
                deleteRecursively(ownedRoot);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code --port N}, {@code --listen [HOST]}, {@code --input-directory D}, {@code --output-directory D}, {@code --temp-directory D}. */
    public static void main(String[] args) throws InterruptedException {
        Builder builder = builder().port(8188);
        List<String> arguments = List.of(args);
        for (int i = 0; i < arguments.size(); i++) {
            String flag = arguments.get(i);
            boolean hasValue = i + 1 < arguments.size() && !arguments.get(i + 1).startsWith("--");
            String value = hasValue ? arguments.get(++i) : null;
            switch (flag) {
                case "--port" -> builder.port(Integer.parseInt(required(flag, value)));
                case "--listen" -> builder.host(value == null ? "0.0.0.0" : value);
                case "--input-directory" -> builder.inputDir(Path.of(required(flag, value)));
                case "--output-directory" -> builder.outputDir(Path.of(required(flag, value)));
                case "--temp-directory" -> builder.tempDir(Path.of(required(flag, value)));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        ComfyUiDouble comfy = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            comfy.close();
                            stopped.countDown();
                        },
                        "comfyui-double-shutdown"));
        System.out.println("ComfyUI double ready at " + comfy.url() + " (input " + comfy.inputDir() + ", output "
                + comfy.outputDir() + ")");
        stopped.await();
    }

    private String urlHost() {
        return host.equals("0.0.0.0") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
    }

    private static String required(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Where and how the double starts; every setting has a default suited to tests. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Path inputDir;
        private Path outputDir;
        private Path tempDir;

        private Builder() {}

        /** The address to bind; default 127.0.0.1. */
        public Builder host(String value) {
            host = Objects.requireNonNull(value);
            return this;
        }

        /** The port; default 0, a free one. */
        public Builder port(int value) {
            port = value;
            return this;
        }

        /** Where LoadImage reads and uploads of type "input" go; default a fresh temporary directory. */
        public Builder inputDir(Path value) {
            inputDir = value;
            return this;
        }

        /** Where SaveImage writes; default a fresh temporary directory. */
        public Builder outputDir(Path value) {
            outputDir = value;
            return this;
        }

        /** Where PreviewImage writes; wiped at start and stop; default a fresh temporary directory. */
        public Builder tempDir(Path value) {
            tempDir = value;
            return this;
        }

        public ComfyUiDouble start() {
            try {
                return new ComfyUiDouble(this);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("ComfyUI double could not start", e);
            }
        }
    }
}
