package io.comfyless.infra.functions;

import static io.comfyless.infra.Resources.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Bucket;
import io.comfyless.contract.Events;
import io.comfyless.contract.Queue;
import io.comfyless.contract.Settings;
import io.comfyless.contract.Table;
import io.comfyless.infra.ComfyLessStack;
import io.comfyless.infra.Resources;
import io.comfyless.infra.SynthesizedStack;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awscdk.assertions.Template;

class FunctionsTest {

    private static final String FUNCTION = "AWS::Lambda::Function";

    static String functionId(Template template, FunctionKind kind) {
        return Resources.idOf(template, FUNCTION, "Functions" + kind.constructId() + "Function");
    }

    static String aliasId(Template template, FunctionKind kind) {
        return Resources.idOf(template, "AWS::Lambda::Alias", "Functions" + kind.constructId() + "Alias");
    }

    private static Map<String, Object> function(Template template, FunctionKind kind) {
        return Resources.properties(template, FUNCTION, "Functions" + kind.constructId() + "Function");
    }

    private static Map<String, Object> environment(Template template, FunctionKind kind) {
        return map(map(function(template, kind).get("Environment")).get("Variables"));
    }

    @Test
    void thereAreExactlyTheFourFunctions() {
        assertThat(Resources.ofType(SynthesizedStack.withDefaults().template(), FUNCTION)).hasSize(FunctionKind.values().length);
    }

    @ParameterizedTest
    @EnumSource(FunctionKind.class)
    void runsJava21OnArm64FromTheSharedJarThroughSpringCloudFunction(FunctionKind kind) {
        Template template = SynthesizedStack.withDefaults().template();
        Map<String, Object> function = function(template, kind);

        assertThat(function.get("Runtime")).isEqualTo("java21");
        assertThat(function.get("Architectures")).isEqualTo(java.util.List.of("arm64"));
        assertThat(function.get("Handler")).isEqualTo("org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest");
        assertThat(map(function.get("Code")).get("S3Key")).isEqualTo(map(function(template, FunctionKind.API).get("Code")).get("S3Key"));
        assertThat(environment(template, kind).get("SPRING_CLOUD_FUNCTION_DEFINITION")).isEqualTo(kind.definition());
        assertThat(environment(template, kind).get("JAVA_TOOL_OPTIONS")).isEqualTo("-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    }

    @ParameterizedTest
    @EnumSource(FunctionKind.class)
    void isSizedForItsJob(FunctionKind kind) {
        Map<String, Object> function = function(SynthesizedStack.withDefaults().template(), kind);
        Map<FunctionKind, int[]> memoryAndTimeout = Map.of(
                FunctionKind.API, new int[] {1024, 29},
                FunctionKind.BATCH, new int[] {1024, 300},
                FunctionKind.WEBHOOK, new int[] {512, 60},
                FunctionKind.REAPER, new int[] {512, 60});

        assertThat(function.get("MemorySize")).isEqualTo(memoryAndTimeout.get(kind)[0]);
        assertThat(function.get("Timeout")).isEqualTo(memoryAndTimeout.get(kind)[1]);
    }

    @ParameterizedTest
    @EnumSource(FunctionKind.class)
    void usesSnapStartThroughAPublishedVersionBehindTheLiveAlias(FunctionKind kind) {
        Template template = SynthesizedStack.withDefaults().template();

        assertThat(function(template, kind).get("SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
        Map<String, Object> alias = Resources.properties(template, "AWS::Lambda::Alias", "Functions" + kind.constructId() + "Alias");
        assertThat(alias.get("Name")).isEqualTo("live");
        assertThat(alias.get("FunctionName")).isEqualTo(Resources.ref(functionId(template, kind)));
        assertThat(map(alias.get("FunctionVersion")).get("Fn::GetAtt").toString()).contains("CurrentVersion");
    }

    @ParameterizedTest
    @EnumSource(FunctionKind.class)
    void findsEveryContractResourceThroughItsEnvironment(FunctionKind kind) {
        Map<String, Object> environment = environment(SynthesizedStack.withDefaults().template(), kind);

        for (Table table : Table.values()) {
            assertThat(environment).containsKey(table.envVar());
        }
        for (Queue queue : Queue.values()) {
            assertThat(environment).containsKey(queue.envVar());
        }
        assertThat(environment).containsKeys(Bucket.ENV_VAR, Events.BUS_ENV_VAR);
        assertThat(environment.get(Settings.ENABLE_AUTH)).isEqualTo("true");
    }

    @Test
    void enableAuthAndCorsOriginsComeFromContext() {
        Template template = SynthesizedStack.withCustomSettings().template();

        assertThat(environment(template, FunctionKind.API).get(Settings.ENABLE_AUTH)).isEqualTo("false");
        assertThat(environment(template, FunctionKind.API).get(Settings.CORS_ORIGINS))
                .isEqualTo("https://app.example.com,https://admin.example.com");
    }

    @Test
    void theApiFunctionLearnsWhereToCreateSchedules() {
        Map<String, Object> environment = environment(SynthesizedStack.withDefaults().template(), FunctionKind.API);

        assertThat(environment).containsKeys(ComfyLessStack.SCHEDULE_GROUP_VAR, ComfyLessStack.SCHEDULER_ROLE_ARN_VAR);
    }

    @ParameterizedTest
    @EnumSource(FunctionKind.class)
    void logsToItsOwnLogGroupWithRetention(FunctionKind kind) {
        Template template = SynthesizedStack.withDefaults().template();
        String logGroup = Resources.idOf(template, "AWS::Logs::LogGroup", "Functions" + kind.constructId() + "Logs");

        assertThat(function(template, kind).get("LoggingConfig")).isEqualTo(Map.of("LogGroup", Resources.ref(logGroup)));
        assertThat(Resources.properties(template, "AWS::Logs::LogGroup", "Functions" + kind.constructId() + "Logs").get("RetentionInDays"))
                .isEqualTo(30);
    }
}
