package io.comfyless.core.preset;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.error.ConflictException;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.json.Json;
import io.comfyless.core.net.UrlGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every preset: the built-in ones from {@code samples/presets/built-in.json} (packaged into core as
 * {@value #BUILT_IN}), which cannot be changed or deleted, and those created at runtime. Ids are
 * unique across both.
 */
public final class PresetCatalog {

    static final String BUILT_IN = "/presets/built-in.json";

    private final Map<String, Preset> builtIns;
    private final PresetStore store;
    private final PresetParser parser;
    private final Clock clock;

    public PresetCatalog(Map<String, Preset> builtIns, PresetStore store, PresetParser parser, Clock clock) {
        this.builtIns = Map.copyOf(builtIns);
        this.store = store;
        this.parser = parser;
        this.clock = clock;
    }

    /** The presets of the data file, checked like any other (an invalid file fails start-up, not a request). */
    public static Map<String, Preset> builtIns() {
        try (InputStream in = PresetCatalog.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException(BUILT_IN + " is missing from the classpath");
            }
            JsonNode list = Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .path("presets");
            PresetParser parser = new PresetParser(UrlGuard.strict());
            Map<String, Preset> presets = new LinkedHashMap<>();
            Instant epoch = Instant.EPOCH;
            for (JsonNode preset : list) {
                presets.put(
                        preset.path("id").asText(),
                        parser.parse(preset, preset.path("id").asText(), true, epoch));
            }
            return presets;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Preset> list() {
        List<Preset> all = new ArrayList<>(builtIns.values());
        store.list().stream()
                .filter(preset -> !builtIns.containsKey(preset.id()))
                .sorted(Comparator.comparing(Preset::id))
                .forEach(all::add);
        return all;
    }

    public Preset get(String id) {
        return Optional.ofNullable(builtIns.get(id))
                .or(() -> store.find(id))
                .orElseThrow(() -> NotFoundException.of("Preset", id));
    }

    public Preset create(JsonNode body) {
        String id = body.path("id").asText("");
        refuseBuiltIn(id, "defined");
        Preset preset = parser.parse(body, id, false, clock.instant());
        if (!store.create(preset)) {
            throw new ConflictException("A preset with id '" + id + "' already exists; update it with PUT");
        }
        return preset;
    }

    public Preset update(String id, JsonNode body) {
        refuseBuiltIn(id, "changed");
        Preset preset = parser.parse(body, id, false, clock.instant());
        if (!store.replace(preset)) {
            throw NotFoundException.of("Preset", id);
        }
        return preset;
    }

    public void delete(String id) {
        refuseBuiltIn(id, "deleted");
        if (!store.delete(id)) {
            throw NotFoundException.of("Preset", id);
        }
    }

    private void refuseBuiltIn(String id, String what) {
        if (builtIns.containsKey(id)) {
            throw new ConflictException("'" + id + "' is a built-in preset and cannot be " + what);
        }
    }
}
