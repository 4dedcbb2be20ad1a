package io.comfyless.testkit.comfyui;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One life of the double's server process: Jetty, the WebSocket hub, queue, history, cache and worker thread. A
 * restart is a new instance on the same port, so everything held in memory is lost, as with a real ComfyUI.
 */
final class ComfyUiServer {

    private static final Logger LOG = LoggerFactory.getLogger(ComfyUiServer.class);
    private static final Duration WORKER_STOP_TIMEOUT = Duration.ofSeconds(30);

    private final ComfyUiOutputFiles files;
    private final ExecutionControl control = new ExecutionControl();
    private final PromptQueue queue = new PromptQueue();
    private final WebSocketHub hub = new WebSocketHub(queue::remaining, InfoRoutes.serverFeatures());
    private final Server jetty;
    private final Thread worker;
    private boolean killed;

    private ComfyUiServer(String host, int port, ComfyUiOutputFiles files, Faults faults, ExecutionLog log) {
        this.files = files;
        queue.onChange(hub::broadcastStatus);
        NodeLibrary library = NodeLibrary.standard(files);
        HistoryStore history = new HistoryStore();
        ExecutionCache cache = new ExecutionCache();
        AtomicBoolean freeMemory = new AtomicBoolean();

        ComfyUiRouter router = new ComfyUiRouter();
        new PromptRoutes(new PromptIntake(new PromptValidator(library), queue), queue, history, control, freeMemory)
                .register(router);
        new ComfyUiFileRoutes(files).register(router);
        new InfoRoutes(library).register(router);
        this.jetty = jetty(host, port, router);

        PromptExecutor executor = new PromptExecutor(library, cache, hub, control, files, faults, log, this::kill);
        this.worker = new Thread(
                new PromptWorker(queue, executor, history, hub, control, cache, log, freeMemory),
                "comfyui-double-worker");
        worker.setDaemon(true);
    }

    static ComfyUiServer start(String host, int port, ComfyUiOutputFiles files, Faults faults, ExecutionLog log)
            throws Exception {
        files.createDirectories();
        files.wipeTemp();
        ComfyUiServer server = new ComfyUiServer(host, port, files, faults, log);
        server.jetty.start();
        server.worker.start();
        LOG.info("ComfyUI double listening on http://{}:{}", host, server.port());
        return server;
    }

    int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    synchronized boolean killed() {
        return killed;
    }

    int connectedWebSockets() {
        return hub.connected();
    }

    void dropWebSockets() {
        hub.dropAll();
    }

    /**
     * Dies like a killed process: sockets cut without close frames, port closed, the running prompt abandoned and no
     * history written. Safe from any thread, the worker's included (a crash fault), and more than once.
     */
    void kill() {
        boolean first;
        synchronized (this) {
            first = !killed;
            killed = true;
        }
        if (first) {
            control.kill();
            hub.kill();
            try {
                jetty.stop();
            } catch (Exception e) {
                LOG.warn("Stopping Jetty failed", e);
            }
        }
        stopWorker();
    }

    /** A clean shutdown: as {@link #kill()}, and the temp directory is emptied as ComfyUI does on exit. */
    void stop() throws IOException {
        kill();
        files.wipeTemp();
    }

    private void stopWorker() {
        if (Thread.currentThread() == worker) {
            return;
        }
        worker.interrupt();
        try {
            worker.join(WORKER_STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Server jetty(String host, int port, ComfyUiRouter router) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("comfyui-double-http");
        threads.setDaemon(true);
        Server server = new Server(threads);
        server.setStopTimeout(0);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setReuseAddress(true);
        server.addConnector(connector);
        ContextHandler context = new ContextHandler("/");
        WebSocketCreator sockets = (request, response, callback) ->
                hub.newSocket(Request.extractQueryParameters(request).getValue("clientId"));
        WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(server, context, container -> {
            container.setIdleTimeout(Duration.ZERO);
            container.addMapping("/ws", sockets);
            container.addMapping("/api/ws", sockets);
        });
        upgrades.setHandler(router);
        context.setHandler(upgrades);
        server.setHandler(context);
        return server;
    }
}
