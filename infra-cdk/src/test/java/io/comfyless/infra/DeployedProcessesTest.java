package io.comfyless.infra;

import static io.comfyless.infra.Resources.list;
import static io.comfyless.infra.Resources.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Bucket;
import io.comfyless.contract.Events;
import io.comfyless.contract.Identity;
import io.comfyless.contract.Queue;
import io.comfyless.contract.Settings;
import io.comfyless.contract.Table;
import io.comfyless.contract.Webhooks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.assertions.Template;

/**
 * Every process the stack deploys (each function and the runner container) reads the runtime's
 * {@code RuntimeConfig}, which refuses to start when a resource variable is missing, or when
 * {@code ENABLE_AUTH=true} and the user pool is not named. These invariants hold for the default
 * stack and for one with every setting changed.
 */
class DeployedProcessesTest {

    static Stream<Arguments> processes() {
        return Stream.of(SynthesizedStack.withDefaults(), SynthesizedStack.withCustomSettings())
                .flatMap(stack -> environments(stack.template()).entrySet().stream()
                        .map(process -> Arguments.of(process.getKey(), process.getValue())));
    }

    /** Each function's and the runner container's environment, by name. */
    private static Map<String, Map<String, Object>> environments(Template template) {
        Map<String, Map<String, Object>> environments = new LinkedHashMap<>();
        Resources.ofType(template, "AWS::Lambda::Function").entrySet().stream()
                // CDK's own console uploader runs no ComfyLess code.
                .filter(function -> !function.getKey().startsWith("CustomCDKBucketDeployment"))
                .forEach(entry -> environments.put(
                        entry.getKey(),
                        map(map(Resources.propertiesOf(entry.getValue())
                                        .getOrDefault("Environment", Map.of("Variables", Map.of())))
                                .get("Variables"))));
        Resources.ofType(template, "AWS::ECS::TaskDefinition")
                .forEach((id, task) -> list(Resources.propertiesOf(task).get("ContainerDefinitions")).stream()
                        .map(Resources::map)
                        .forEach(container -> environments.put(
                                id + "/" + container.get("Name"),
                                list(container.get("Environment")).stream()
                                        .map(Resources::map)
                                        .collect(Collectors.toMap(
                                                variable -> variable.get("Name").toString(),
                                                variable -> variable.get("Value"))))));
        return environments;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("processes")
    void findsEveryResourceTheRuntimeRequires(String process, Map<String, Object> environment) {
        for (Table table : Table.values()) {
            assertThat(environment).as(process).containsKey(table.envVar());
        }
        for (Queue queue : Queue.values()) {
            if (!queue.readByDeployedCode()) {
                continue;
            }
            assertThat(environment).as(process).containsKey(queue.envVar());
        }
        assertThat(environment).as(process).containsKeys(Bucket.ENV_VAR, Events.BUS_ENV_VAR);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("processes")
    void isNeverToldToAuthenticateWithoutBeingToldThePool(String process, Map<String, Object> environment) {
        if ("true".equalsIgnoreCase(String.valueOf(environment.get(Settings.ENABLE_AUTH)))) {
            assertThat(environment)
                    .as(process)
                    .containsKeys(Identity.USER_POOL_ID_ENV_VAR, Identity.USER_POOL_CLIENT_ID_ENV_VAR);
        }
    }

    /**
     * Lambda allows 4 KB of environment per function. Names and ARNs CloudFormation generates are
     * rarely longer than 110 characters (a queue URL is the longest), so count each reference as that.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("processes")
    void fitsLambdasFourKilobytesOfEnvironment(String process, Map<String, Object> environment) {
        int size = environment.entrySet().stream()
                .mapToInt(variable ->
                        variable.getKey().length() + (variable.getValue() instanceof String text ? text.length() : 110))
                .sum();

        assertThat(size).as(process).isLessThan(4 * 1024 - 512);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("processes")
    void isNotToldTheQueuesOnlyAwsServicesTouch(String process, Map<String, Object> environment) {
        assertThat(environment)
                .as(process)
                .doesNotContainKeys(Queue.LIVE_EVENTS.envVar(), Queue.LIVE_EVENTS_DLQ.envVar());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("processes")
    void neverAllowsWebhooksToPlainHttpOrPrivateAddresses(String process, Map<String, Object> environment) {
        assertThat(environment).as(process).doesNotContainKey(Webhooks.ALLOW_INSECURE_ENV_VAR);
    }
}
