package io.comfyless.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comfyless.core.error.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelPathTest {

    @Test
    void buildsTheStoreKeyAndKeepsSubFolders() {
        ModelPath path = ModelPath.of("checkpoint", "SDXL/base.safetensors", "folder", "name");

        assertThat(path.folder()).isEqualTo("checkpoints");
        assertThat(path.key()).isEqualTo("models/checkpoints/SDXL/base.safetensors");
        assertThat(path.fileName()).isEqualTo("base.safetensors");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"../secrets.ckpt", "a/../../b.ckpt", "/abs.ckpt", "dir\\x.ckpt", "a//b.ckpt", "./x.ckpt", ""})
    void refusesNamesThatCouldLeaveTheFolder(String name) {
        assertThatThrownBy(() -> ModelPath.of("loras", name, "folder", "filename"))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(
                                ((ValidationException) e).details().get(0).field())
                        .isEqualTo("filename"));
        assertThat(ModelPath.parse("loras", name)).isEmpty();
    }

    @Test
    void readsKeysOfLegacyDirectoriesAsTheirFolder() {
        assertThat(ModelPath.fromKey("models/unet/flux.sft")).hasValue(new ModelPath("diffusion_models", "flux.sft"));
        assertThat(ModelPath.fromKey("models/loras/")).isEmpty();
        assertThat(ModelPath.fromKey("inputs/t/x.png")).isEmpty();
    }

    @Test
    void acceptsSeedTypeNamesAndRefusesRouteNamesAsFolders() {
        assertThat(ModelFolders.parse("upscaler", "type")).isEqualTo("upscale_models");
        assertThat(ModelFolders.parse("UNET", "type")).isEqualTo("diffusion_models");
        assertThat(ModelFolders.parse("ipadapter", "type")).isEqualTo("ipadapter");
        assertThatThrownBy(() -> ModelFolders.parse("uploads", "folder")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> ModelFolders.parse("../x", "folder")).isInstanceOf(ValidationException.class);
    }
}
