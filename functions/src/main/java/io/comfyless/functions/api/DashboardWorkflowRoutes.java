package io.comfyless.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.json.Json;
import io.comfyless.core.preset.Preset;
import io.comfyless.core.preset.PresetCatalog;
import io.comfyless.core.template.BuiltInTemplates;
import io.comfyless.core.template.SavedTemplate;
import io.comfyless.core.template.TemplateService;
import io.comfyless.core.tenant.Scope;
import io.comfyless.core.workflow.Workflow;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's saved workflows, {@code /api/workflows}: the same saved workflows as
 * {@code /v1/templates} (the built-in ones and the tenant's), listed with {@code category},
 * {@code search} (name, description, tags) and each one's {@code preset}.
 */
public final class DashboardWorkflowRoutes {

    private final TemplateService templates;
    private final BuiltInTemplates builtIns;
    private final PresetCatalog presets;
    private final Access access;

    public DashboardWorkflowRoutes(
            TemplateService templates, BuiltInTemplates builtIns, PresetCatalog presets, Access access) {
        this.templates = templates;
        this.builtIns = builtIns;
        this.presets = presets;
        this.access = access;
    }

    public void register(Router router) {
        router.route("GET", "/api/workflows", access.require(Scope.WORKFLOWS_READ, this::list))
                .route("GET", "/api/workflows/{workflow_id}", access.require(Scope.WORKFLOWS_READ, this::get))
                .route("POST", "/api/workflows", access.require(Scope.WORKFLOWS_WRITE, this::save));
    }

    /** {@code ?category=&search=&tags=a,b}: every filter given must match. */
    ApiResponse list(Caller caller, ApiRequest request, PathParams params) {
        Optional<String> category = request.query("category");
        Optional<String> search = request.query("search").map(s -> s.toLowerCase(Locale.ROOT));
        List<String> tags = request.query("tags")
                .map(t -> List.of(t.toLowerCase(Locale.ROOT).split(",")))
                .orElse(List.of());
        Map<String, String> presetOf = new HashMap<>();
        for (Preset preset : presets.list()) {
            preset.workflows().forEach(id -> presetOf.putIfAbsent(id, preset.id()));
        }
        ArrayNode list = Json.mapper().createArrayNode();
        builtIns.all().keySet().stream().sorted().forEach(id -> {
            ObjectNode entry = entry(id, id, "Built-in", "Built-in template", List.of(), presetOf.get(id));
            if (matches(entry, category, search, tags)) {
                list.add(entry);
            }
        });
        for (SavedTemplate saved : templates.list(caller.tenantId())) {
            ObjectNode entry = entry(
                    saved.id(),
                    saved.name(),
                    saved.category(),
                    saved.description(),
                    saved.tags(),
                    saved.preset() != null ? saved.preset() : presetOf.get(saved.id()));
            if (matches(entry, category, search, tags)) {
                list.add(entry);
            }
        }
        ObjectNode body = Json.object();
        body.set("workflows", list);
        body.put("total", list.size());
        return ApiResponse.ok(body);
    }

    ApiResponse get(Caller caller, ApiRequest request, PathParams params) {
        String id = params.get("workflow_id");
        Workflow workflow = Optional.ofNullable(builtIns.all().get(id))
                .orElseGet(() -> templates.get(caller.tenantId(), id).workflow());
        ObjectNode body = Json.object().put("id", id);
        body.set("workflow", workflow.toJson());
        return ApiResponse.ok(body);
    }

    /** {@code {"name", "category", "workflow", "description"?, "tags"?, "preset"?}}. */
    ApiResponse save(Caller caller, ApiRequest request, PathParams params) {
        SavedTemplate saved = templates.create(caller.tenantId(), request.json());
        return ApiResponse.json(
                        201,
                        Json.object()
                                .put("id", saved.id())
                                .put("status", "saved")
                                .put("path", "/v1/templates/" + saved.id()))
                .withHeader("Location", "/api/workflows/" + saved.id());
    }

    private static ObjectNode entry(
            String id, String name, String category, String description, List<String> tags, String preset) {
        ObjectNode entry = Json.object()
                .put("id", id)
                .put("name", name)
                .put("category", category)
                .put("description", description)
                .put("preset", preset)
                .put("path", "/v1/templates/" + id);
        tags.forEach(entry.putArray("tags")::add);
        return entry;
    }

    private static boolean matches(
            ObjectNode entry, Optional<String> category, Optional<String> search, List<String> tags) {
        if (category.isPresent()
                && !category.get().equalsIgnoreCase(entry.path("category").asText(""))) {
            return false;
        }
        if (search.isPresent()) {
            String haystack = (entry.path("name").asText("") + " "
                            + entry.path("description").asText("") + " "
                            + entry.path("tags").toString())
                    .toLowerCase(Locale.ROOT);
            if (!haystack.contains(search.get())) {
                return false;
            }
        }
        for (String tag : tags) {
            boolean has = false;
            for (JsonNode value : entry.path("tags")) {
                has |= value.asText().toLowerCase(Locale.ROOT).equals(tag.trim());
            }
            if (!has) {
                return false;
            }
        }
        return true;
    }
}
