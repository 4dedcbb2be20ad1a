package io.comfyless.infra;

import static io.comfyless.infra.Resources.list;
import static io.comfyless.infra.Resources.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Bucket;
import io.comfyless.contract.Events;
import io.comfyless.contract.Queue;
import io.comfyless.contract.Table;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OutputsTest {

    private final Map<String, Map<String, Object>> outputs =
            SynthesizedStack.withDefaults().template().findOutputs("*");

    @Test
    void exposesTheApiUrlBucketClusterServiceAndUserPool() {
        assertThat(outputs)
                .containsKeys(
                        "ApiUrl",
                        "BucketName",
                        "ClusterName",
                        "ServiceName",
                        "EventBusName",
                        "ScheduleGroupName",
                        "UserPoolId",
                        "UserPoolClientId");
        assertThat(outputs.get("ApiUrl").get("Value").toString())
                .contains("https://")
                .contains("execute-api");
    }

    @Test
    void exposesEveryTableNameTheTenantsTableAmongThem() {
        for (Table table : Table.values()) {
            assertThat(outputs).containsKey(table.logicalId() + "Name");
        }
        assertThat(outputs).containsKey("TenantsTableName");
    }

    @Test
    void exposesEveryQueueUrl() {
        for (Queue queue : Queue.values()) {
            assertThat(outputs).containsKey(queue.logicalId() + "Url");
        }
    }

    /**
     * What {@code aws cloudformation describe-stacks ... --output text | tr ' ' '\n'} makes of the
     * output: an env file with the region and every variable RuntimeConfig requires, one per line.
     */
    @Test
    void runtimeEnvironmentSplitsAtSpacesIntoAnEnvFileWithEverythingTheCliNeeds() {
        Map<String, String> envFile = Arrays.stream(rendered(outputs.get(ComfyLessStack.RUNTIME_ENVIRONMENT_OUTPUT)
                                .get("Value"))
                        .split(" "))
                .map(line -> line.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));

        for (Table table : Table.values()) {
            assertThat(envFile).containsKey(table.envVar());
        }
        for (Queue queue : Queue.values()) {
            if (!queue.readByDeployedCode()) {
                continue;
            }
            assertThat(envFile).containsKey(queue.envVar());
        }
        assertThat(envFile).containsKeys(Bucket.ENV_VAR, Events.BUS_ENV_VAR, "AWS_REGION");
        assertThat(envFile.values()).allSatisfy(value -> assertThat(value).isEqualTo("<resolved>"));
    }

    /** The output's value with every reference replaced by a placeholder without spaces, as CloudFormation would resolve it. */
    private static String rendered(Object value) {
        if (value instanceof String text) {
            return text;
        }
        Map<String, Object> intrinsic = map(value);
        if (intrinsic.containsKey("Fn::Join")) {
            var join = list(intrinsic.get("Fn::Join"));
            return list(join.get(1)).stream()
                    .map(OutputsTest::rendered)
                    .collect(Collectors.joining(join.get(0).toString()));
        }
        return "<resolved>";
    }
}
