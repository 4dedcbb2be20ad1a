package io.comfyless.runner.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.catalog.CatalogPointer;
import io.comfyless.core.catalog.NodeCatalogStore;
import io.comfyless.runner.comfyui.ComfyUiClient;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what this runner's ComfyUI can run (its {@code /object_info}: node types, inputs, and in the loaders'
 * lists the model files it sees) to the node catalogue the API validates against. Once when ComfyUI first answers,
 * and again whenever it answers after an outage, since a restarted ComfyUI may have other nodes or models.
 */
public final class CatalogPublisher {

    private static final Logger log = LoggerFactory.getLogger(CatalogPublisher.class);

    private final ComfyUiClient comfyui;
    private final NodeCatalogStore catalogs;
    private final String workerId;
    private volatile boolean published;

    public CatalogPublisher(ComfyUiClient comfyui, NodeCatalogStore catalogs, String workerId) {
        this.comfyui = comfyui;
        this.catalogs = catalogs;
        this.workerId = workerId;
    }

    /** Called with each {@code /system_stats} answer; publishes unless this ComfyUI's catalogue already was. */
    void reachable(JsonNode systemStats) {
        if (published) {
            return;
        }
        try {
            String version = systemStats.path("system").path("comfyui_version").asText("unknown");
            CatalogPointer pointer =
                    catalogs.publish(version, comfyui.objectInfo().getBytes(StandardCharsets.UTF_8), workerId);
            published = true;
            log.info("Published the node catalogue of ComfyUI {} ({})", version, pointer.sha256());
        } catch (RuntimeException e) {
            log.warn("Could not publish the node catalogue; trying again at the next report: {}", e.toString());
        }
    }

    /** ComfyUI did not answer: publish again when it does. */
    void unreachable() {
        published = false;
    }
}
