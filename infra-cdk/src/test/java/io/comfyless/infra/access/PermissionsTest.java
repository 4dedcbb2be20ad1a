package io.comfyless.infra.access;

import static io.comfyless.infra.Resources.list;
import static io.comfyless.infra.Resources.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.infra.Resources;
import io.comfyless.infra.SynthesizedStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class PermissionsTest {

    private static final List<String> DATA_SERVICES = List.of("dynamodb:", "sqs:", "s3:", "events:");
    private final Template template = SynthesizedStack.withDefaults().template();

    /** Every statement of every identity and resource policy in the template, with where it came from. */
    private List<Map.Entry<String, Map<String, Object>>> allStatements() {
        List<Map.Entry<String, Map<String, Object>>> statements = new ArrayList<>();
        Map<String, String> documentProperty = Map.of(
                "AWS::IAM::Policy", "PolicyDocument", "AWS::IAM::ManagedPolicy", "PolicyDocument",
                "AWS::S3::BucketPolicy", "PolicyDocument", "AWS::SQS::QueuePolicy", "PolicyDocument",
                "AWS::SNS::TopicPolicy", "PolicyDocument", "AWS::KMS::Key", "KeyPolicy");
        documentProperty.forEach((type, property) -> Resources.ofType(template, type).forEach((id, resource) -> {
            Object document = Resources.propertiesOf(resource).get(property);
            list(map(document).get("Statement")).forEach(statement -> statements.add(Map.entry(id, map(statement))));
        }));
        Resources.ofType(template, "AWS::IAM::Role").forEach((id, role) ->
                list(Resources.propertiesOf(role).getOrDefault("Policies", List.of())).forEach(policy ->
                        list(map(map(policy).get("PolicyDocument")).get("Statement")).forEach(statement ->
                                statements.add(Map.entry(id, map(statement))))));
        return statements;
    }

    private static List<String> actions(Map<String, Object> statement) {
        return list(statement.getOrDefault("Action", List.of())).stream().map(Object::toString).toList();
    }

    private Stream<Map<String, Object>> statementsOf(String policyPath) {
        return list(map(Resources.properties(template, "AWS::IAM::Policy", policyPath).get("PolicyDocument")).get("Statement"))
                .stream().map(Resources::map);
    }

    @Test
    void noStatementAllowsEveryAction() {
        assertThat(allStatements()).isNotEmpty().allSatisfy(entry ->
                assertThat(actions(entry.getValue())).as(entry.getKey()).doesNotContain("*"));
    }

    @Test
    void noDataServiceActionIsGrantedOnEveryResource() {
        assertThat(allStatements()).allSatisfy(entry -> {
            boolean everyResource = list(entry.getValue().getOrDefault("Resource", List.of())).contains("*");
            boolean dataAction = actions(entry.getValue()).stream().anyMatch(action -> DATA_SERVICES.stream().anyMatch(action::startsWith));
            assertThat(everyResource && dataAction).as("%s: %s", entry.getKey(), entry.getValue()).isFalse();
        });
    }

    @Test
    void theRunnerWritesOnlyOutputsAndReadsOnlyInputsAndModels() {
        List<Map<String, Object>> s3 = statementsOf("RunnerTaskRoleDefaultPolicy")
                .filter(statement -> actions(statement).stream().anyMatch(action -> action.startsWith("s3:"))).toList();

        assertThat(s3).allSatisfy(statement -> {
            String resources = statement.get("Resource").toString();
            if (actions(statement).contains("s3:PutObject")) {
                assertThat(resources).contains("/outputs/*").doesNotContain("/inputs/").doesNotContain("/models/");
            } else {
                assertThat(resources).contains("/inputs/*").contains("/models/*").doesNotContain("/outputs/");
            }
        });
        assertThat(s3).hasSize(2);
    }

    @Test
    void theWebhookFunctionCannotChangeJobs() {
        assertThat(statementsOf("FunctionsWebhookRoleDefaultPolicy").flatMap(statement -> actions(statement).stream()))
                .doesNotContain("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem")
                .doesNotContain("sqs:SendMessage");
    }

    @Test
    void onlyTheApiMayReadTenants() {
        String tenants = Resources.idOf(template, "AWS::DynamoDB::Table", "TablesTenantsTable");
        Resources.ofType(template, "AWS::IAM::Policy").forEach((id, policy) -> {
            if (!id.startsWith("FunctionsApiRole")) {
                assertThat(Resources.propertiesOf(policy).toString()).as(id).doesNotContain(tenants);
            }
        });
    }
}
