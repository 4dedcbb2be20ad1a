package io.comfyless.testkit.comfyui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real server starts, answers, survives a restart on the same port, and leaves nothing behind. */
class RealComfyUiIT {

    private static RealComfyUi comfy;
    private static ComfyHttp http;

    @BeforeAll
    static void startServer() {
        comfy = RealComfyUi.start();
        http = new ComfyHttp(comfy.base().toString());
    }

    @AfterAll
    static void stopServer() {
        if (comfy != null) {
            comfy.close();
        }
    }

    @Test
    void answersSystemStatsAndObjectInfoWithItsOwnFolders() {
        assertThat(http.getJson("/system_stats")
                        .path("devices")
                        .path(0)
                        .path("type")
                        .asText())
                .isEqualTo("cpu");
        assertThat(http.getJson("/object_info").has("EmptyImage")).isTrue();
        assertThat(comfy.inputDir()).isDirectory();
        assertThat(comfy.outputDir()).isDirectory();
    }

    @Test
    void restartsOnTheSamePortWithAnEmptyHistory() {
        String promptId = http.submit(Prompts.invertAndSave("restart/x"), null);
        await().until(() -> http.history(promptId) != null);

        comfy.restart();

        assertThat(comfy.isRunning()).isTrue();
        // A new client: pooled connections to the killed process are dead.
        http = new ComfyHttp(comfy.base().toString());
        assertThat(http.getJson("/history/" + promptId).size()).isZero();
        assertThat(Files.exists(comfy.logFile())).isTrue();
    }
}
