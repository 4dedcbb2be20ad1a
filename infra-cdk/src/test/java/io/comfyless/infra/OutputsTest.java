package io.comfyless.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Queue;
import io.comfyless.contract.Table;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputsTest {

    private final Map<String, Map<String, Object>> outputs = SynthesizedStack.withDefaults().template().findOutputs("*");

    @Test
    void exposesTheApiUrlBucketClusterAndService() {
        assertThat(outputs).containsKeys("ApiUrl", "BucketName", "ClusterName", "ServiceName", "EventBusName", "ScheduleGroupName");
        assertThat(outputs.get("ApiUrl").get("Value").toString()).contains("https://").contains("execute-api");
    }

    @Test
    void exposesEveryTableName() {
        for (Table table : Table.values()) {
            assertThat(outputs).containsKey(table.logicalId() + "Name");
        }
    }

    @Test
    void exposesEveryQueueUrl() {
        for (Queue queue : Queue.values()) {
            assertThat(outputs).containsKey(queue.logicalId() + "Url");
        }
    }
}
