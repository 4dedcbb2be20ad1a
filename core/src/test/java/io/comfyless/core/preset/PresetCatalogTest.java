package io.comfyless.core.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comfyless.core.error.ConflictException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.json.Json;
import io.comfyless.core.net.UrlGuard;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PresetCatalogTest {

    /** A store in memory: the catalogue's rules are under test here, not DynamoDB. */
    private static final class MemoryStore implements PresetStore {
        private final Map<String, Preset> presets = new LinkedHashMap<>();

        @Override
        public boolean create(Preset preset) {
            return presets.putIfAbsent(preset.id(), preset) == null;
        }

        @Override
        public boolean replace(Preset preset) {
            return presets.replace(preset.id(), preset) != null;
        }

        @Override
        public Optional<Preset> find(String id) {
            return Optional.ofNullable(presets.get(id));
        }

        @Override
        public List<Preset> list() {
            return List.copyOf(presets.values());
        }

        @Override
        public boolean delete(String id) {
            return presets.remove(id) != null;
        }
    }

    private final PresetCatalog catalog = new PresetCatalog(
            PresetCatalog.builtIns(), new MemoryStore(), new PresetParser(UrlGuard.strict()), Clock.systemUTC());

    @Test
    void theBuiltInPresetsLoadFromTheDataFileWithTheModelsTheBuiltInWorkflowsName() {
        Preset sdxl = catalog.get("SDXL_BASE_1_0");

        assertThat(catalog.list())
                .extracting(Preset::id)
                .contains("SD15_TEXT_TO_IMAGE", "SDXL_BASE_1_0", "REAL_ESRGAN_X4");
        assertThat(sdxl.builtIn()).isTrue();
        assertThat(sdxl.files())
                .extracting(f -> f.path().relative())
                .containsExactly("checkpoints/sd_xl_base_1.0.safetensors", "vae/sdxl_vae.safetensors");
        assertThat(sdxl.workflows()).containsExactly("sdxl_text_to_image_v1");
        assertThat(catalog.get("SD15_TEXT_TO_IMAGE").downloadSizeBytes())
                .as("a size not recorded")
                .isNull();
    }

    @Test
    void aPresetIsCreatedUpdatedAndDeletedButABuiltInOneIsNot() {
        String body = "{\"id\": \"MINE\", \"name\": \"Mine\", \"files\": [{\"path\": \"loras/a.safetensors\","
                + " \"url\": \"https://models.example.com/a.safetensors\", \"size_bytes\": 10}]}";

        catalog.create(Json.read(body));
        catalog.update("MINE", Json.read(body.replace("\"Mine\"", "\"Mine too\"")));

        assertThat(catalog.get("MINE").name()).isEqualTo("Mine too");
        assertThatThrownBy(() -> catalog.create(Json.read(body))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> catalog.delete("SDXL_BASE_1_0")).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> catalog.update("SDXL_BASE_1_0", Json.read(body)))
                .isInstanceOf(ConflictException.class);
        catalog.delete("MINE");
        assertThat(catalog.list()).extracting(Preset::id).doesNotContain("MINE");
    }

    @Test
    void everyProblemOfAPresetIsReportedAtOnceByField() {
        String body = "{\"id\": \"BAD\", \"files\": [{\"path\": \"noslash\", \"url\": \"https://x.example.com/a\"},"
                + " {\"path\": \"loras/a.safetensors\", \"url\": \"http://x.example.com/a\"},"
                + " {\"path\": \"loras/../b\", \"url\": \"https://x.example.com/b\"}]}";

        assertThatThrownBy(() -> catalog.create(Json.read(body)))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).details())
                        .extracting(d -> d.field())
                        .contains("name", "files[0].path", "files[1].url", "files[2].path"));
    }
}
