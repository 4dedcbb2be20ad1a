package io.comfyless.infra.functions;

import static io.comfyless.infra.Resources.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Bucket;
import io.comfyless.contract.Events;
import io.comfyless.contract.Fleet;
import io.comfyless.contract.Identity;
import io.comfyless.contract.Queue;
import io.comfyless.contract.Schedules;
import io.comfyless.contract.Settings;
import io.comfyless.contract.Table;
import io.comfyless.contract.Webhooks;
import io.comfyless.infra.Resources;
import io.comfyless.infra.RuntimeEnvironment;
import io.comfyless.infra.SynthesizedStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awscdk.assertions.Template;

public class FunctionsTest {

    private static final String FUNCTION = "AWS::Lambda::Function";

    public static String functionId(Template template, FunctionKind kind) {
        return Resources.idOf(template, FUNCTION, "Functions" + kind.constructId() + "Function");
    }

    public static String aliasId(Template template, FunctionKind kind) {
        return Resources.idOf(template, "AWS::Lambda::Alias", "Functions" + kind.constructId() + "Alias");
    }

    /** The entry point of every ComfyLess function. */
    static final String FUNCTION_INVOKER =
            "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest";

    public static Map<String, Object> function(Template template, FunctionKind kind) {
        return Resources.properties(template, FUNCTION, "Functions" + kind.constructId() + "Function");
    }

    public static Map<String, Object> environment(Template template, FunctionKind kind) {
        return map(map(function(template, kind).get("Environment")).get("Variables"));
    }

    @Test
    void thereIsExactlyOneFunctionPerKindAndOnlyCdksConsoleUploaderBesides() {
        Map<String, Map<String, Object>> functions =
                Resources.ofType(SynthesizedStack.withDefaults().template(), FUNCTION);

        assertThat(functions.values())
                .filteredOn(function ->
                        FUNCTION_INVOKER.equals(Resources.propertiesOf(function).get("Handler")))
                .hasSize(FunctionKind.values().length);
        assertThat(functions.keySet())
                .filteredOn(id -> !FUNCTION_INVOKER.equals(
                        Resources.propertiesOf(functions.get(id)).get("Handler")))
                .singleElement()
                .asString()
                .startsWith("CustomCDKBucketDeployment");
    }

    @ParameterizedTest
    @EnumSource(FunctionKind.class)
    void runsJava21OnArm64FromItsOwnJarThroughSpringCloudFunction(FunctionKind kind) {
        Template template = SynthesizedStack.withDefaults().template();
        Map<String, Object> function = function(template, kind);

        assertThat(function.get("Runtime")).isEqualTo("java21");
        assertThat(function.get("Architectures")).isEqualTo(List.of("arm64"));
        assertThat(function.get("Handler")).isEqualTo(FUNCTION_INVOKER);
        assertThat(environment(template, kind).get("SPRING_CLOUD_FUNCTION_DEFINITION"))
                .isEqualTo(kind.definition());
        assertThat(environment(template, kind).get("MAIN_CLASS"))
                .isEqualTo("io.comfyless.functions." + kind.constructId() + "Lambda");
        assertThat(environment(template, kind).get("JAVA_TOOL_OPTIONS"))
                .isEqualTo("-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    }

    @Test
    void eachFunctionIsDeployedFromItsOwnArtifact() {
        Template template = SynthesizedStack.withDefaults().template();

        List<Object> keys = java.util.Arrays.stream(FunctionKind.values())
                .map(kind -> map(function(template, kind).get("Code")).get("S3Key"))
                .toList();

        assertThat(keys).doesNotHaveDuplicates().hasSize(FunctionKind.values().length);
    }

    @Test
    void theScheduleFunctionRunsTheScheduleBean() {
        assertThat(environment(SynthesizedStack.withDefaults().template(), FunctionKind.SCHEDULE)
                        .get("SPRING_CLOUD_FUNCTION_DEFINITION"))
                .isEqualTo("schedule");
    }

    @ParameterizedTest
    @EnumSource(FunctionKind.class)
    void isSizedForItsJob(FunctionKind kind) {
        Map<String, Object> function = function(SynthesizedStack.withDefaults().template(), kind);
        Map<FunctionKind, int[]> memoryAndTimeout = Map.of(
                FunctionKind.API, new int[] {1024, 29},
                FunctionKind.BATCH, new int[] {1024, 900},
                FunctionKind.WEBHOOK, new int[] {512, 60},
                FunctionKind.REAPER, new int[] {512, 60},
                FunctionKind.SCHEDULE, new int[] {1024, 60},
                FunctionKind.WEBSOCKET, new int[] {1024, 29},
                FunctionKind.FANOUT, new int[] {1024, 30});

        assertThat(function.get("MemorySize")).isEqualTo(memoryAndTimeout.get(kind)[0]);
        assertThat(function.get("Timeout")).isEqualTo(memoryAndTimeout.get(kind)[1]);
    }

    @ParameterizedTest
    @EnumSource(FunctionKind.class)
    void usesSnapStartThroughAPublishedVersionBehindTheLiveAlias(FunctionKind kind) {
        Template template = SynthesizedStack.withDefaults().template();

        assertThat(function(template, kind).get("SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
        Map<String, Object> alias =
                Resources.properties(template, "AWS::Lambda::Alias", "Functions" + kind.constructId() + "Alias");
        assertThat(alias.get("Name")).isEqualTo("live");
        assertThat(alias.get("FunctionName")).isEqualTo(Resources.ref(functionId(template, kind)));
        assertThat(map(alias.get("FunctionVersion")).get("Fn::GetAtt").toString())
                .contains("CurrentVersion");
    }

    @Test
    void settingsAddedToTheApiAfterItsVersionWasCreatedStillPublishANewVersion() {
        Template other =
                SynthesizedStack.with(Map.of("operatorTenants", "someone-else")).template();

        assertThat(versionId(other))
                .as("the version's name hashes the whole configuration, late variables included")
                .isNotEqualTo(versionId(SynthesizedStack.withDefaults().template()));
    }

    private static String versionId(Template template) {
        return Resources.ofType(template, "AWS::Lambda::Version").keySet().stream()
                .filter(id -> id.startsWith("FunctionsApiFunctionCurrentVersion"))
                .findFirst()
                .orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(FunctionKind.class)
    void findsEveryContractResourceThroughItsEnvironment(FunctionKind kind) {
        Map<String, Object> environment =
                environment(SynthesizedStack.withDefaults().template(), kind);

        for (Table table : Table.values()) {
            assertThat(environment).containsKey(table.envVar());
        }
        for (Queue queue : Queue.values()) {
            if (!queue.readByDeployedCode()) {
                continue;
            }
            assertThat(environment).containsKey(queue.envVar());
        }
        assertThat(environment).containsKeys(Bucket.ENV_VAR, Events.BUS_ENV_VAR);
    }

    @ParameterizedTest
    @EnumSource(
            value = FunctionKind.class,
            names = {"API", "WEBSOCKET"},
            mode = EnumSource.Mode.EXCLUDE)
    void onlyTheApiAndTheWebSocketFunctionWhichAuthenticateAreToldAboutAuthentication(FunctionKind kind) {
        assertThat(environment(SynthesizedStack.withDefaults().template(), kind))
                .doesNotContainKeys(
                        Settings.ENABLE_AUTH, Identity.USER_POOL_ID_ENV_VAR, Identity.USER_POOL_CLIENT_ID_ENV_VAR);
    }

    @Test
    void theApiRequiresAuthenticationByDefaultAndKnowsThePoolAndItsClient() {
        Template template = SynthesizedStack.withDefaults().template();
        Map<String, Object> environment = environment(template, FunctionKind.API);

        assertThat(environment.get(Settings.ENABLE_AUTH)).isEqualTo("true");
        assertThat(environment.get(Identity.USER_POOL_ID_ENV_VAR))
                .isEqualTo(Resources.ref(Resources.idOf(
                        template, "AWS::Cognito::UserPool", "Identity" + Identity.USER_POOL_LOGICAL_ID)));
        assertThat(environment.get(Identity.USER_POOL_CLIENT_ID_ENV_VAR))
                .isEqualTo(Resources.ref(Resources.idOf(
                        template, "AWS::Cognito::UserPoolClient", "Identity" + Identity.USER_POOL_CLIENT_LOGICAL_ID)));
    }

    @Test
    void enableAuthCorsOriginsAndOperatorTenantsComeFromContext() {
        Map<String, Object> environment =
                environment(SynthesizedStack.withCustomSettings().template(), FunctionKind.API);

        assertThat(environment.get(Settings.ENABLE_AUTH)).isEqualTo("false");
        assertThat(environment.get(Settings.CORS_ORIGINS).toString())
                .as("the origins given, then the console's")
                .contains("https://app.example.com,https://admin.example.com,https://", "ConsoleDistribution");
        assertThat(environment.get(RuntimeEnvironment.OPERATOR_TENANTS_VAR)).isEqualTo("ops,platform");
        assertThat(environment(SynthesizedStack.withDefaults().template(), FunctionKind.API)
                        .get(RuntimeEnvironment.OPERATOR_TENANTS_VAR))
                .as("no operator unless named")
                .isEqualTo("");
    }

    @Test
    void theApiLearnsTheScheduleGroupTheScheduleFunctionAndTheRoleSchedulesAssume() {
        Template template = SynthesizedStack.withDefaults().template();
        Map<String, Object> environment = environment(template, FunctionKind.API);

        assertThat(environment.get(Schedules.GROUP_ENV_VAR))
                .isEqualTo(Resources.ref(Resources.idOf(
                        template, "AWS::Scheduler::ScheduleGroup", "Schedules" + Schedules.GROUP_LOGICAL_ID)));
        assertThat(environment.get(Schedules.TARGET_ARN_ENV_VAR))
                .as("the schedule function's alias, not the API's")
                .isEqualTo(Resources.ref(aliasId(template, FunctionKind.SCHEDULE)));
        assertThat(environment.get(Schedules.ROLE_ARN_ENV_VAR))
                .isEqualTo(Resources.getAtt(Resources.idOf(template, "AWS::IAM::Role", "SchedulesInvokeRole"), "Arn"));
    }

    @Test
    void theApiLearnsTheRunnerClusterAndServiceForItsFleetView() {
        Template template = SynthesizedStack.withDefaults().template();
        Map<String, Object> environment = environment(template, FunctionKind.API);

        assertThat(environment.get(RuntimeEnvironment.ECS_CLUSTER_VAR))
                .isEqualTo(Resources.ref(Resources.idOf(template, "AWS::ECS::Cluster", "GpusCluster")));
        assertThat(environment.get(RuntimeEnvironment.ECS_SERVICE_VAR))
                .isEqualTo(Resources.getAtt(Resources.idOf(template, "AWS::ECS::Service", "RunnerService"), "Name"));
    }

    @ParameterizedTest
    @EnumSource(FunctionKind.class)
    void everySubmitterFindsTheFleetToWakeAndNoOtherFunctionDoes(FunctionKind kind) {
        Template template = SynthesizedStack.withDefaults().template();
        Map<String, Object> environment = environment(template, kind);
        boolean submits = kind == FunctionKind.API || kind == FunctionKind.BATCH || kind == FunctionKind.SCHEDULE;

        if (submits) {
            assertThat(environment.get(Fleet.GROUP_ENV_VAR))
                    .isEqualTo(
                            Resources.ref(Resources.idOf(template, "AWS::AutoScaling::AutoScalingGroup", "GpusASG")));
            assertThat(environment.get(RuntimeEnvironment.ECS_SERVICE_VAR))
                    .isEqualTo(
                            Resources.getAtt(Resources.idOf(template, "AWS::ECS::Service", "RunnerService"), "Name"));
            assertThat(environment).containsKey(RuntimeEnvironment.ECS_CLUSTER_VAR);
        } else {
            assertThat(environment).doesNotContainKeys(Fleet.GROUP_ENV_VAR, RuntimeEnvironment.ECS_SERVICE_VAR);
        }
    }

    @Test
    void theWebhookFunctionGivesUpNoLaterThanTheQueueWould() {
        Object attempts = environment(SynthesizedStack.withDefaults().template(), FunctionKind.WEBHOOK)
                .get(Webhooks.MAX_ATTEMPTS_ENV_VAR);

        assertThat(Integer.parseInt(attempts.toString()))
                .as("past the redrive count SQS moves the message to the dead-letter queue before the function decides")
                .isPositive()
                .isLessThanOrEqualTo(Queue.WEBHOOKS.maxReceiveCount());
    }

    @ParameterizedTest
    @EnumSource(FunctionKind.class)
    void runsOutsideAnyVpcSoWebhooksAndCognitoNeedNoNatGateway(FunctionKind kind) {
        assertThat(function(SynthesizedStack.withDefaults().template(), kind)).doesNotContainKey("VpcConfig");
    }

    @ParameterizedTest
    @EnumSource(FunctionKind.class)
    void logsToItsOwnLogGroupWithRetention(FunctionKind kind) {
        Template template = SynthesizedStack.withDefaults().template();
        String logGroup = Resources.idOf(template, "AWS::Logs::LogGroup", "Functions" + kind.constructId() + "Logs");

        assertThat(function(template, kind).get("LoggingConfig"))
                .isEqualTo(Map.of("LogGroup", Resources.ref(logGroup)));
        assertThat(Resources.properties(template, "AWS::Logs::LogGroup", "Functions" + kind.constructId() + "Logs")
                        .get("RetentionInDays"))
                .isEqualTo(30);
    }
}
