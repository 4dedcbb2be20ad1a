package io.comfyless.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerConfigTest {

    @Test
    void defaultsSuitAGpuInstanceBesideOneComfyUi() {
        RunnerConfig config = RunnerConfig.from(Map.<String, String>of()::get);

        assertThat(config.comfyuiUrl()).hasToString("http://127.0.0.1:8188");
        assertThat(config.lease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.heartbeat()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.pipelineDepth()).isEqualTo(2);
        assertThat(config.drainGrace()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.idleWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.workerId()).startsWith("runner-");
    }

    @Test
    void anIdleWaitSqsCannotLongPollIsRefusedByName() {
        for (String seconds : new String[] {"0", "21"}) {
            assertThatThrownBy(() -> RunnerConfig.from(Map.of("COMFYLESS_IDLE_WAIT_SECONDS", seconds)::get))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("idle wait")
                    .hasMessageContaining("from 1 to 20 seconds");
        }
    }

    @Test
    void readsInstanceTypeAndCapacityFromTheHostsFactsFile(@TempDir Path dir) throws Exception {
        Path facts = Files.writeString(
                dir.resolve("instance.json"),
                "{\"instance_id\": \"i-1\", \"instance_type\": \"g5.xlarge\", \"lifecycle\": \"spot\"}");

        RunnerConfig config = RunnerConfig.from(Map.of(RunnerConfig.INSTANCE_FACTS_FILE, facts.toString())::get);

        assertThat(config.instanceType()).isEqualTo("g5.xlarge");
        assertThat(config.capacity()).isEqualTo("spot");
    }

    @Test
    void explicitVariablesWinOverTheFactsFile(@TempDir Path dir) throws Exception {
        Path facts = Files.writeString(dir.resolve("instance.json"), "{\"instance_type\": \"g5.xlarge\"}");

        RunnerConfig config = RunnerConfig.from(Map.of(
                RunnerConfig.INSTANCE_FACTS_FILE, facts.toString(), "COMFYLESS_INSTANCE_TYPE", "g6.xlarge")::get);

        assertThat(config.instanceType()).isEqualTo("g6.xlarge");
    }
}
