package io.comfyless.core.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comfyless.core.error.ValidationException;
import org.junit.jupiter.api.Test;

class InputFilesTest {

    @Test
    void keepsOnlyTheLastPathSegmentInAPortableAlphabet() {
        assertThat(InputFiles.safeName("C:\\Users\\me\\My Photo (1).PNG")).isEqualTo("My_Photo__1_.PNG");
        assertThat(InputFiles.safeName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(InputFiles.safeName(".hidden.png")).isEqualTo("hidden.png");
    }

    @Test
    void shortensLongNamesKeepingTheExtension() {
        String name = InputFiles.safeName("a".repeat(300) + ".webp");

        assertThat(name).hasSize(InputFiles.MAX_NAME_LENGTH).endsWith(".webp");
    }

    @Test
    void refusesNamesWithNothingLeft() {
        assertThatThrownBy(() -> InputFiles.safeName("..")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> InputFiles.safeName(" ")).isInstanceOf(ValidationException.class);
    }

    @Test
    void guessesCommonTypesFromTheExtension() {
        assertThat(InputFiles.guessType("x.JPG")).isEqualTo("image/jpeg");
        assertThat(InputFiles.guessType("x.bin")).isEqualTo("application/octet-stream");
    }

    @Test
    void aTenantIdCannotReachAnotherTenantsArea() {
        assertThat(InputFiles.areaOf("acme")).isEqualTo("inputs/acme/");
        assertThatThrownBy(() -> InputFiles.areaOf("acme/../other")).isInstanceOf(IllegalArgumentException.class);
    }
}
