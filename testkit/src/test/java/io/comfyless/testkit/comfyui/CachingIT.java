package io.comfyless.testkit.comfyui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** §4 content caching: an identical resubmission executes nothing and writes nothing. */
class CachingIT extends DoubleTestBase {

    @Test
    void anIdenticalResubmissionExecutesNothingAndRepeatsTheOldFilenames() throws IOException {
        try (WsClient ws = connect("java-1")) {
            String first = http.submit(Prompts.invertAndSave("cache/run"), "java-1");
            ws.awaitFinished(first);
            String second = http.submit(Prompts.invertAndSave("cache/run"), "java-1");
            ws.awaitFinished(second);

            assertThat(ws.awaitMessage("execution_cached", second)
                            .at("/data/nodes")
                            .toString())
                    .isEqualTo("[\"1\",\"2\",\"3\"]");
            assertThat(ws.forPrompt(second))
                    .filteredOn(m -> m.get("type").asText().equals("executing"))
                    .extracting(m -> m.at("/data/node").isNull())
                    .containsExactly(true);
            JsonNode executed = ws.awaitMessage("executed", second);
            assertThat(executed.at("/data/node").asText()).isEqualTo("3");
            assertThat(executed.at("/data/output/images/0/filename").asText()).isEqualTo("run_00001_.png");
        }
        JsonNode history = http.history(comfy.executions().startedPromptIds().get(1));
        assertThat(history.at("/status/status_str").asText()).isEqualTo("success");
        assertThat(history.at("/outputs/3/images/0/filename").asText()).isEqualTo("run_00001_.png");
        assertThat(comfy.executions().nodeRuns()).hasSize(3);
        try (Stream<java.nio.file.Path> files = Files.list(comfy.outputDir().resolve("cache"))) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void changingOneInputRunsOnlyWhatDependsOnIt() {
        try (WsClient ws = connect("java-1")) {
            ws.awaitFinished(http.submit(Prompts.invertAndSave("cache/a"), "java-1"));
            String renamed = http.submit(Prompts.invertAndSave("cache/b"), "java-1");
            ws.awaitFinished(renamed);

            assertThat(ws.awaitMessage("execution_cached", renamed)
                            .at("/data/nodes")
                            .toString())
                    .isEqualTo("[\"1\",\"2\"]");
            assertThat(comfy.executions().nodeRuns(renamed))
                    .extracting(ExecutionLog.NodeRun::nodeId)
                    .containsExactly("3");
            assertThat(http.history(renamed).at("/outputs/3/images/0/filename").asText())
                    .isEqualTo("b_00001_.png");
        }
    }

    @Test
    void freeMemoryEmptiesTheCache() {
        try (WsClient ws = connect("java-1")) {
            ws.awaitFinished(http.submit(Prompts.invertAndSave("cache/free"), "java-1"));
            assertThat(http.post("/free", "{\"unload_models\": true, \"free_memory\": true}")
                            .statusCode())
                    .isEqualTo(200);
            String again = http.submit(Prompts.invertAndSave("cache/free"), "java-1");
            ws.awaitFinished(again);

            assertThat(comfy.executions().nodeRuns(again)).hasSize(3);
            assertThat(http.history(again).at("/outputs/3/images/0/filename").asText())
                    .isEqualTo("free_00002_.png");
        }
    }
}
