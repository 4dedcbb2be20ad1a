package io.comfyless.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.json.Json;
import io.comfyless.core.model.ModelEntry;
import io.comfyless.core.model.ModelFleet;
import io.comfyless.core.model.ModelFolders;
import io.comfyless.core.model.ModelPath;
import io.comfyless.core.model.ModelPin;
import io.comfyless.core.model.ModelStore;
import io.comfyless.core.tenant.Scope;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Models on the fleet, natively: {@code GET /v1/models/list} (the execution API's catalogue, with
 * where each model is warm), {@code POST /v1/models/preload} (stage onto every runner and keep for
 * {@code cache_duration}), and per model {@code POST /v1/models/{folder}/{name}/load} and
 * {@code /unload}, and {@code POST /v1/models/cleanup}. Changing what runners hold is for the
 * stack's {@link Operators}.
 */
public final class ModelFleetRoutes {

    /** The longest a preload may keep a model pinned: a pin that outlives its use only takes disk from others. */
    static final Duration MAX_CACHE_DURATION = Duration.ofDays(7);

    private final ModelStore store;
    private final ModelFleet fleet;
    private final ModelLookup lookup;
    private final String region;
    private final Operators operators;
    private final Access access;

    ModelFleetRoutes(ModelStore store, ModelFleet fleet, String region, Operators operators, Access access) {
        this.store = store;
        this.fleet = fleet;
        this.lookup = new ModelLookup(store);
        this.region = region;
        this.operators = operators;
        this.access = access;
    }

    public void register(Router router) {
        router.route("GET", "/v1/models/list", access.require(Scope.WORKFLOWS_READ, this::list))
                .route("POST", "/v1/models/preload", access.authenticated(this::preload))
                .route("POST", "/v1/models/cleanup", access.authenticated(this::cleanup))
                .route("POST", "/v1/models/{folder}/{name}/load", access.authenticated(this::load))
                .route("POST", "/v1/models/{folder}/{name}/unload", access.authenticated(this::unload));
    }

    /** {@code ?category=checkpoint|lora|controlnet|vae&search=…&limit=50&offset=0}. */
    ApiResponse list(Caller caller, ApiRequest request, PathParams params) {
        Optional<String> folder = request.query("category").map(value -> ModelFolders.parse(value, "category"));
        Optional<String> search = request.query("search").map(s -> s.trim().toLowerCase(Locale.ROOT));
        int limit = Queries.intParam(request, "limit", 50, 1, 500);
        int offset = Queries.intParam(request, "offset", 0, 0, 1_000_000);
        List<ModelEntry> matching = store.list(folder).stream()
                .filter(e -> search.isEmpty()
                        || e.path().relative().toLowerCase(Locale.ROOT).contains(search.get()))
                .toList();
        Map<String, List<ModelFleet.Location>> cached = fleet.locations();
        Map<String, ModelPin> pins = fleet.pins();
        ArrayNode models = Json.mapper().createArrayNode();
        matching.stream()
                .skip(offset)
                .limit(limit)
                .forEach(entry -> models.add(model(
                        entry,
                        cached.getOrDefault(entry.path().relative(), List.of()),
                        pins.get(entry.path().relative()))));
        ObjectNode body = Json.object();
        body.set("models", models);
        body.putObject("pagination")
                .put("total", matching.size())
                .put("limit", limit)
                .put("offset", offset)
                .put("has_more", offset + models.size() < matching.size());
        return ApiResponse.ok(body);
    }

    /**
     * {@code {"models": [{"model_id", "priority", "regions"}], "cache_duration": 3600}}: each model is
     * staged onto every runner and kept for {@code cache_duration} seconds (until unloaded when absent).
     * This stack is one region; other regions are reported back as ignored.
     */
    ApiResponse preload(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller);
        JsonNode body = Bodies.object(request);
        JsonNode list = body.get("models");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > 50) {
            throw ValidationException.of("INVALID_VALUE", "models", "models must list from 1 to 50 models");
        }
        Optional<Duration> keepFor = cacheDuration(body);
        List<ObjectNode> accepted = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String field = "models[" + i + "]";
            if (!item.isObject()) {
                throw ValidationException.of("INVALID_TYPE", field, field + " must be an object with model_id");
            }
            ModelPath path = lookup.find(Bodies.text(item, "model_id"), Optional.empty(), field + ".model_id");
            int priority = item.has("priority") ? (int) Bodies.integer(item, "priority") : 5;
            if (priority < 0 || priority > 10) {
                throw ValidationException.of("INVALID_VALUE", field + ".priority", "priority must be from 0 to 10");
            }
            ModelPin pin = fleet.load(path, priority, keepFor, caller.tenantId());
            ObjectNode done = Json.object()
                    .put("model_id", item.get("model_id").asText())
                    .put("path", path.relative())
                    .put("priority", priority)
                    .put(
                            "pinned_until",
                            pin.until() == null ? null : pin.until().toString());
            ArrayNode regions = done.putArray("regions");
            regions.add(region);
            ArrayNode ignored = done.putArray("ignored_regions");
            item.path("regions").forEach(r -> {
                if (!r.asText().equals(region)) {
                    ignored.add(r.asText());
                }
            });
            accepted.add(done);
        }
        ObjectNode answer = Json.object().put("status", "accepted");
        answer.putArray("models").addAll(accepted);
        answer.put("cache_duration", keepFor.map(Duration::toSeconds).orElse(null));
        return ApiResponse.json(202, answer);
    }

    /** {@code {"priority": 5, "cache_duration": 3600}}, both optional. */
    ApiResponse load(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller);
        ModelPath path = ModelRoutes.path(params);
        JsonNode body = request.body() == null || request.body().isBlank() ? Json.object() : Bodies.object(request);
        int priority = body.has("priority") ? (int) Bodies.integer(body, "priority") : 5;
        ModelPin pin = fleet.load(path, priority, cacheDuration(body), caller.tenantId());
        return ApiResponse.json(
                202,
                Json.object()
                        .put("status", "loading")
                        .put("path", path.relative())
                        .put("priority", pin.priority())
                        .put(
                                "pinned_until",
                                pin.until() == null ? null : pin.until().toString()));
    }

    ApiResponse unload(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller);
        ModelPath path = ModelRoutes.path(params);
        fleet.unload(path);
        return ApiResponse.json(202, Json.object().put("status", "unloading").put("path", path.relative()));
    }

    /** {@code {"max_age_hours": 1}} (1 to 24, default 1). */
    ApiResponse cleanup(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller);
        JsonNode body = request.body() == null || request.body().isBlank() ? Json.object() : Bodies.object(request);
        long hours = body.has("max_age_hours") ? Bodies.integer(body, "max_age_hours") : 1;
        if (hours < 1 || hours > 24) {
            throw ValidationException.of("INVALID_VALUE", "max_age_hours", "max_age_hours must be from 1 to 24");
        }
        List<String> evicted = fleet.cleanup(Duration.ofHours(hours));
        ObjectNode answer = Json.object().put("status", "cleaning").put("max_age_hours", hours);
        evicted.forEach(answer.putArray("models_unloaded")::add);
        return ApiResponse.json(202, answer);
    }

    /** One model in the execution API's catalogue shape; figures the stack does not know are null. */
    private ObjectNode model(ModelEntry entry, List<ModelFleet.Location> cachedOn, ModelPin pin) {
        ModelPath path = entry.path();
        ObjectNode model = Json.object()
                .put("model_id", path.relative())
                .put("name", ModelLookup.stem(path))
                .put("category", ModelLookup.typeOf(path.folder()));
        String sha256 = entry.sha256() != null
                ? entry.sha256()
                : cachedOn.stream()
                        .map(ModelFleet.Location::sha256)
                        .filter(Objects::nonNull)
                        .findFirst()
                        .orElse(null);
        model.putObject("file_info")
                .put("filename", path.fileName())
                .put("size_bytes", entry.sizeBytes())
                .put("hash", sha256 == null ? null : "sha256:" + sha256);
        model.putObject("capabilities");
        model.putObject("performance")
                .putNull("memory_requirement")
                .putNull("avg_inference_time")
                .put("cache_priority", pin == null ? null : pin.priority());
        ObjectNode availability = model.putObject("availability");
        availability.putArray("regions").add(region);
        availability.put("warm_cache", !cachedOn.isEmpty());
        availability.putNull("load_time");
        ArrayNode on = availability.putArray("cached_on");
        cachedOn.stream()
                .sorted(Comparator.comparing(ModelFleet.Location::workerId))
                .forEach(location -> on.add(location.workerId()));
        availability.put("pinned", pin != null);
        availability.put(
                "pinned_until",
                pin == null || pin.until() == null ? null : pin.until().toString());
        return model;
    }

    private static Optional<Duration> cacheDuration(JsonNode body) {
        if (!body.has("cache_duration") || body.get("cache_duration").isNull()) {
            return Optional.empty();
        }
        long seconds = Bodies.integer(body, "cache_duration");
        if (seconds < 60 || seconds > MAX_CACHE_DURATION.toSeconds()) {
            throw ValidationException.of(
                    "INVALID_VALUE",
                    "cache_duration",
                    "cache_duration must be from 60 to " + MAX_CACHE_DURATION.toSeconds() + " seconds");
        }
        return Optional.of(Duration.ofSeconds(seconds));
    }
}
