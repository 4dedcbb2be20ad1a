package io.comfyless.functions.api;

import io.comfyless.core.template.BuiltInTemplates;
import io.comfyless.core.template.SavedTemplate;
import io.comfyless.core.template.TemplateService;
import io.comfyless.core.workflow.Workflow;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Saved workflows, {@code /v1/templates}: the built-in templates plus the tenant's own, any of
 * which {@code workflow_id} can name at {@code POST /v1/workflows/execute}, {@code /api/v1/tasks},
 * in batch manifests and in schedules.
 */
public final class TemplateRoutes {

    private final TemplateService templates;
    private final BuiltInTemplates builtIns;
    private final Access access;

    public TemplateRoutes(TemplateService templates, BuiltInTemplates builtIns, Access access) {
        this.templates = templates;
        this.builtIns = builtIns;
        this.access = access;
    }

    public void register(Router router) {
        CollectionRoutes.register(router, access, "/v1/templates", this::create, this::list, this::get, this::delete);
    }

    ApiResponse create(Caller caller, ApiRequest request, PathParams params) {
        SavedTemplate saved = templates.create(caller.tenantId(), request.json());
        return ApiResponse.json(201, Map.of("id", saved.id(), "status", "saved", "template", View.of(saved, true)))
                .withHeader("Location", "/v1/templates/" + saved.id());
    }

    ApiResponse list(Caller caller, ApiRequest request, PathParams params) {
        List<View> all = new ArrayList<>();
        builtIns.all().keySet().stream()
                .sorted()
                .forEach(id -> all.add(View.builtIn(id, builtIns.all().get(id), false)));
        templates.list(caller.tenantId()).forEach(saved -> all.add(View.of(saved, false)));
        return ApiResponse.ok(Map.of("templates", all, "total", all.size()));
    }

    ApiResponse get(Caller caller, ApiRequest request, PathParams params) {
        String id = params.get("id");
        Optional<Workflow> builtIn = Optional.ofNullable(builtIns.all().get(id));
        return ApiResponse.ok(builtIn.map(workflow -> View.builtIn(id, workflow, true))
                .orElseGet(() -> View.of(templates.get(caller.tenantId(), id), true)));
    }

    ApiResponse delete(Caller caller, ApiRequest request, PathParams params) {
        templates.delete(caller.tenantId(), params.get("id"));
        return CollectionRoutes.deleted(params.get("id"));
    }

    /** A template as listed ({@code workflow} only when one is asked for). */
    record View(
            String id,
            String name,
            String description,
            String category,
            boolean builtIn,
            Integer nodeCount,
            Object workflow,
            String createdAt,
            List<String> tags,
            String preset) {

        static View of(SavedTemplate saved, boolean withWorkflow) {
            return new View(
                    saved.id(),
                    saved.name(),
                    saved.description(),
                    saved.category(),
                    false,
                    saved.workflow().size(),
                    withWorkflow ? saved.workflow().toJson() : null,
                    saved.createdAt().toString(),
                    saved.tags(),
                    saved.preset());
        }

        static View builtIn(String id, Workflow workflow, boolean withWorkflow) {
            return new View(
                    id,
                    id,
                    "Built-in template",
                    "Built-in",
                    true,
                    workflow.size(),
                    withWorkflow ? workflow.toJson() : null,
                    null,
                    List.of(),
                    null);
        }
    }
}
