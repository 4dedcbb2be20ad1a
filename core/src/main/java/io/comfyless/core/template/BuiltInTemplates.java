package io.comfyless.core.template;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.json.Json;
import io.comfyless.core.workflow.Workflow;
import io.comfyless.core.workflow.WorkflowNormalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sample workflows of {@code samples/workflows}, packaged into core and available to every
 * tenant under their file names (e.g. {@code text_to_image_v1}).
 */
public final class BuiltInTemplates implements TemplateCatalog {

    /** Listed here because a classpath directory cannot be enumerated portably inside a jar. */
    public static final Set<String> IDS =
            Set.of("model_free_v1", "text_to_image_v1", "sdxl_text_to_image_v1", "image_to_image_v1", "upscale_v1");

    private final Map<String, Workflow> templates;

    private BuiltInTemplates(Map<String, Workflow> templates) {
        this.templates = Collections.unmodifiableMap(templates);
    }

    public static BuiltInTemplates load() {
        Map<String, Workflow> templates = new LinkedHashMap<>();
        for (String id : IDS) {
            try (InputStream in = BuiltInTemplates.class.getResourceAsStream("/templates/" + id + ".json")) {
                if (in == null) {
                    throw new IllegalStateException("Built-in template " + id + " is missing from the classpath");
                }
                ObjectNode graph = (ObjectNode) Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                templates.put(id, WorkflowNormalizer.normalize(graph, "template " + id));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new BuiltInTemplates(templates);
    }

    @Override
    public Optional<Workflow> find(String owner, String templateId) {
        return Optional.ofNullable(templates.get(templateId));
    }

    public Map<String, Workflow> all() {
        return templates;
    }
}
