package io.comfyless.infra.fleet;

import static io.comfyless.infra.Resources.list;
import static io.comfyless.infra.Resources.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Bucket;
import io.comfyless.contract.Events;
import io.comfyless.contract.Queue;
import io.comfyless.contract.Settings;
import io.comfyless.contract.Table;
import io.comfyless.infra.Resources;
import io.comfyless.infra.SynthesizedStack;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class RunnerServiceTest {

    /** What ECS registers for a g4dn.xlarge (16 GiB), the smallest default instance type. */
    private static final int G4DN_XLARGE_REGISTERED_MIB = 15_000;

    private final Template template = SynthesizedStack.withDefaults().template();

    private Map<String, Object> container() {
        return map(list(Resources.properties(template, "AWS::ECS::TaskDefinition", "RunnerTask")
                        .get("ContainerDefinitions"))
                .get(0));
    }

    private Map<String, Object> service() {
        return Resources.properties(template, "AWS::ECS::Service", "RunnerService");
    }

    @Test
    void eachRunnerTakesOneGpuAndFitsTheSmallestInstance() {
        assertThat(container().get("ResourceRequirements")).isEqualTo(List.of(Map.of("Type", "GPU", "Value", "1")));
        assertThat((Integer) container().get("MemoryReservation")).isLessThanOrEqualTo(G4DN_XLARGE_REGISTERED_MIB);
    }

    @Test
    void getsAtLeast120SecondsToDrainAfterSigterm() {
        assertThat((Integer) container().get("StopTimeout")).isGreaterThanOrEqualTo(120);
    }

    @Test
    void runsTheConfiguredImageAndLogsToCloudWatch() {
        assertThat(container().get("Image")).isEqualTo(SynthesizedStack.RUNNER_IMAGE);
        assertThat(map(container().get("LogConfiguration")).get("LogDriver")).isEqualTo("awslogs");
        assertThat(Resources.properties(template, "AWS::ECS::TaskDefinition", "RunnerTask")
                        .get("NetworkMode"))
                .isEqualTo("bridge");
    }

    @Test
    void findsEveryContractResourceAndComfyUiThroughItsEnvironment() {
        Map<Object, Object> environment = list(container().get("Environment")).stream()
                .map(Resources::map)
                .collect(Collectors.toMap(variable -> variable.get("Name"), variable -> variable.get("Value")));

        for (Table table : Table.values()) {
            assertThat(environment).containsKey(table.envVar());
        }
        for (Queue queue : Queue.values()) {
            if (!queue.readByDeployedCode()) {
                continue;
            }
            assertThat(environment).containsKey(queue.envVar());
        }
        assertThat(environment).containsKeys(Bucket.ENV_VAR, Events.BUS_ENV_VAR, RunnerService.INSTANCE_FACTS_VAR);
        assertThat(environment.get("COMFYUI_URL")).isEqualTo("http://127.0.0.1:8188");
    }

    private static Map<Object, Object> environment(Template template) {
        return list(map(list(Resources.properties(template, "AWS::ECS::TaskDefinition", "RunnerTask")
                                        .get("ContainerDefinitions"))
                                .get(0))
                        .get("Environment"))
                .stream()
                .map(Resources::map)
                .collect(Collectors.toMap(variable -> variable.get("Name"), variable -> variable.get("Value")));
    }

    @Test
    void stagesModelsIntoComfyUisModelFoldersWithinTheCacheBudgetFromContext() {
        assertThat(environment(template).get(RunnerService.MODELS_DIR_VAR))
                .as("where gpu-runner/Dockerfile links ComfyUI's models folder")
                .isEqualTo("/data/models");
        assertThat(environment(template).get(RunnerService.MODEL_CACHE_BYTES_VAR))
                .isEqualTo(Long.toString(100L << 30));
        assertThat(environment(SynthesizedStack.withCustomSettings().template())
                        .get(RunnerService.MODEL_CACHE_BYTES_VAR))
                .isEqualTo(Long.toString(250L << 30));
    }

    @Test
    void modelsLiveOnTheHostSoTheyOutliveTasksAndEverythingElseOnAVolumeOfTheTask() {
        Map<String, Object> task = Resources.properties(template, "AWS::ECS::TaskDefinition", "RunnerTask");

        assertThat(list(task.get("Volumes")))
                .contains(
                        Map.of("Name", "models", "Host", Map.of("SourcePath", GpuCapacity.MODELS_HOST_DIRECTORY)),
                        Map.of(
                                "Name",
                                "data",
                                "DockerVolumeConfiguration",
                                Map.of("Driver", "local", "Scope", "task")));
        assertThat(list(container().get("MountPoints")))
                .contains(
                        Map.of("ContainerPath", "/data", "ReadOnly", false, "SourceVolume", "data"),
                        Map.of("ContainerPath", "/data/models", "ReadOnly", false, "SourceVolume", "models"));
        assertThat(container().get("ReadonlyRootFilesystem")).isEqualTo(true);
    }

    @Test
    void theHealthCheckIsTheImagesScriptWithRoomForComfyUiToStart() {
        Map<String, Object> check = map(container().get("HealthCheck"));

        assertThat(check.get("Command")).isEqualTo(List.of("CMD", RunnerService.HEALTH_CHECK));
        assertThat((Integer) check.get("StartPeriod")).isEqualTo(300);
        assertThat((Integer) check.get("Retries")).isEqualTo(3);
    }

    @Test
    void theImagesHealthCheckScriptAndUidAreTheOnesTheStackExpects() throws Exception {
        String dockerfile = java.nio.file.Files.readString(java.nio.file.Path.of("../gpu-runner/Dockerfile"));

        assertThat(dockerfile).contains("ARG RUNNER_UID=" + GpuCapacity.RUNNER_UID);
        assertThat(dockerfile).contains("docker/healthcheck.sh").contains("/opt/comfyless/");
        assertThat(dockerfile).contains("ln -s " + RunnerService.MODELS_DIR + " /opt/ComfyUI/models");
        assertThat(dockerfile).contains("ARG COMFYUI_COMMIT=3cd7b32f");
    }

    @Test
    void warmModelsFromContextReachTheRunner() {
        assertThat(environment(template)).doesNotContainKey(Settings.WARM_MODELS);
        assertThat(environment(SynthesizedStack.withCustomSettings().template()).get(Settings.WARM_MODELS))
                .isEqualTo("checkpoints/sd_xl_base_1.0.safetensors,vae/sdxl_vae.safetensors");
    }

    @Test
    void theServiceStartsAtZeroOnTheGpuCapacityProviderAndMayStopEveryTaskOnDeploy() {
        String provider = Resources.idOf(template, "AWS::ECS::CapacityProvider", "GpusCapacityProvider");

        assertThat(service().get("DesiredCount")).isEqualTo(0);
        assertThat(map(service().get("DeploymentConfiguration")).get("MinimumHealthyPercent"))
                .isEqualTo(0);
        assertThat(list(service().get("CapacityProviderStrategy")))
                .containsExactly(Map.of("CapacityProvider", Resources.ref(provider), "Weight", 1, "Base", 0));
        assertThat(service()).doesNotContainKey("LaunchType");
    }

    @Test
    void withoutRunnerImageBuildsTheRunnerDirectoryForX86WithTheComfyUiCommit() throws Exception {
        SynthesizedStack built = SynthesizedStack.withBuiltRunnerImage();
        Map<String, Object> container =
                map(list(Resources.properties(built.template(), "AWS::ECS::TaskDefinition", "RunnerTask")
                                .get("ContainerDefinitions"))
                        .get(0));
        assertThat(container.get("Image").toString()).contains("container-assets");

        String assets = java.nio.file.Files.readString(built.assemblyDirectory().resolve("ComfyLessTest.assets.json"));
        assertThat(assets).contains("\"COMFYUI_COMMIT\": \"0123abcd\"").contains("\"platform\": \"linux/amd64\"");
    }
}
