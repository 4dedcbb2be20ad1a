package io.comfyless.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;

class StackSettingsTest {

    private static StackSettings settings(Map<String, Object> context) {
        return StackSettings.fromContext(
                App.Builder.create().context(context).build().getNode());
    }

    @Test
    void defaultsAreSafeToDeploy() {
        StackSettings settings = settings(Map.of());

        assertThat(settings.gpuInstanceTypes()).containsExactly("g4dn.xlarge", "g5.xlarge", "g6.xlarge");
        assertThat(settings.maxGpus()).isEqualTo(4);
        assertThat(settings.spot()).isTrue();
        assertThat(settings.allowedOrigins())
                .as("no origin besides the console's unless asked for")
                .isEmpty();
        assertThat(settings.runnerImage()).isEmpty();
        assertThat(settings.comfyuiCommit()).isEmpty();
        assertThat(settings.enableAuth()).isTrue();
        assertThat(settings.alarmEmail()).isEmpty();
        assertThat(settings.destroyOnRemoval())
                .as("data is retained unless asked otherwise")
                .isFalse();
        assertThat(settings.oldestMessageAlarmSeconds()).isEqualTo(900);
        assertThat(settings.backlogPerTask()).isEqualTo(3);
        assertThat(settings.operatorTenants())
                .as("no tenant may change the shared model store unless named")
                .isEmpty();
        assertThat(settings.modelCacheGiB()).isEqualTo(100);
        assertThat(settings.functionsJar()).endsWith(Path.of("functions", "target", "comfyless-functions-aws.jar"));
        assertThat(settings.runnerDirectory()).endsWith(Path.of("gpu-runner"));
        assertThat(settings.consoleDirectory()).endsWith(Path.of("console", "target", "site"));
    }

    @Test
    void readsCommandLineStringsAsTheCliPassesThem() {
        StackSettings settings = settings(SynthesizedStack.CUSTOM_CONTEXT);

        assertThat(settings.gpuInstanceTypes()).containsExactly("g5.xlarge", "g6.xlarge");
        assertThat(settings.maxGpus()).isEqualTo(2);
        assertThat(settings.spot()).isFalse();
        assertThat(settings.allowedOrigins()).containsExactly("https://app.example.com", "https://admin.example.com");
        assertThat(settings.enableAuth()).isFalse();
        assertThat(settings.alarmEmail()).contains("ops@example.com");
        assertThat(settings.destroyOnRemoval()).isTrue();
        assertThat(settings.oldestMessageAlarmSeconds()).isEqualTo(300);
        assertThat(settings.backlogPerTask()).isEqualTo(5);
        assertThat(settings.operatorTenants()).containsExactly("ops", "platform");
        assertThat(settings.modelCacheGiB()).isEqualTo(250);
    }

    @Test
    void readsJsonTypesAsCdkJsonPassesThem() {
        StackSettings settings = settings(Map.of(
                "gpuInstanceTypes",
                List.of("g6.xlarge"),
                "maxGpus",
                8,
                "spot",
                false,
                "runnerImage",
                "repo/runner:1",
                "comfyuiCommit",
                "abc123"));

        assertThat(settings.gpuInstanceTypes()).containsExactly("g6.xlarge");
        assertThat(settings.maxGpus()).isEqualTo(8);
        assertThat(settings.spot()).isFalse();
        assertThat(settings.runnerImage()).contains("repo/runner:1");
        assertThat(settings.comfyuiCommit()).contains("abc123");
    }

    @Test
    void rejectsValuesThatWouldDeployABrokenStack() {
        assertThatThrownBy(() -> settings(Map.of("maxGpus", "0"))).hasMessageContaining("maxGpus");
        assertThatThrownBy(() -> settings(Map.of("maxGpus", "four"))).hasMessageContaining("maxGpus");
        assertThatThrownBy(() -> settings(Map.of("spot", "yes"))).hasMessageContaining("spot");
        assertThatThrownBy(() -> settings(Map.of("gpuInstanceTypes", " , "))).hasMessageContaining("gpuInstanceTypes");
        assertThatThrownBy(() -> settings(Map.of("oldestMessageAlarmSeconds", "10")))
                .hasMessageContaining("oldestMessageAlarmSeconds");
        assertThatThrownBy(() -> settings(Map.of("modelCacheGiB", "0"))).hasMessageContaining("modelCacheGiB");
    }

    @Test
    void findsTheRepositoryRootFromTheModuleDirectory(@TempDir Path root) throws Exception {
        Files.createFile(root.resolve("pom.xml"));
        Files.createDirectories(root.resolve("infra-cdk/src"));

        assertThat(StackSettings.repositoryRoot(root.resolve("infra-cdk/src"))).isEqualTo(root);
        assertThat(StackSettings.repositoryRoot(root)).isEqualTo(root);
    }
}
