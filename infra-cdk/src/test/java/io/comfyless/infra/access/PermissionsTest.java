package io.comfyless.infra.access;

import static io.comfyless.infra.Resources.list;
import static io.comfyless.infra.Resources.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Bucket;
import io.comfyless.contract.Events;
import io.comfyless.contract.Identity;
import io.comfyless.contract.Queue;
import io.comfyless.contract.Table;
import io.comfyless.infra.Resources;
import io.comfyless.infra.SynthesizedStack;
import io.comfyless.infra.queue.Queues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Template;

class PermissionsTest {

    private static final List<String> DATA_SERVICES =
            List.of("dynamodb:", "sqs:", "s3:", "events:", "cognito-idp:", "scheduler:");
    private static final String API = "FunctionsApiRole";
    private static final String BATCH = "FunctionsBatchRole";
    private static final String SCHEDULE = "FunctionsScheduleRole";
    private static final String WEBHOOK = "FunctionsWebhookRole";
    private static final String REAPER = "FunctionsReaperRole";
    private static final String RUNNER = "RunnerTaskRole";
    private static final String WEBSOCKET = "FunctionsWebSocketRole";
    private static final String FANOUT = "FunctionsFanOutRole";
    /** Every process that changes jobs, and so counts tenants, finishes batches and announces jobs. */
    private static final List<String> JOB_WRITERS = List.of(API, BATCH, SCHEDULE, REAPER, RUNNER);

    private final Template template = SynthesizedStack.withDefaults().template();

    /** Every statement of every identity and resource policy in the template, with where it came from. */
    private List<Map.Entry<String, Map<String, Object>>> allStatements() {
        List<Map.Entry<String, Map<String, Object>>> statements = new ArrayList<>();
        Map<String, String> documentProperty = Map.of(
                "AWS::IAM::Policy",
                "PolicyDocument",
                "AWS::IAM::ManagedPolicy",
                "PolicyDocument",
                "AWS::S3::BucketPolicy",
                "PolicyDocument",
                "AWS::SQS::QueuePolicy",
                "PolicyDocument",
                "AWS::SNS::TopicPolicy",
                "PolicyDocument",
                "AWS::KMS::Key",
                "KeyPolicy");
        documentProperty.forEach((type, property) -> Resources.ofType(template, type)
                .forEach((id, resource) -> {
                    Object document = Resources.propertiesOf(resource).get(property);
                    list(map(document).get("Statement"))
                            .forEach(statement -> statements.add(Map.entry(id, map(statement))));
                }));
        Resources.ofType(template, "AWS::IAM::Role")
                .forEach((id, role) -> list(Resources.propertiesOf(role).getOrDefault("Policies", List.of()))
                        .forEach(policy -> list(map(map(policy).get("PolicyDocument"))
                                        .get("Statement"))
                                .forEach(statement -> statements.add(Map.entry(id, map(statement))))));
        return statements;
    }

    private static List<String> actions(Map<String, Object> statement) {
        return list(statement.getOrDefault("Action", List.of())).stream()
                .map(Object::toString)
                .toList();
    }

    private Stream<Map<String, Object>> statementsOf(String role) {
        return list(map(Resources.properties(template, "AWS::IAM::Policy", role + "DefaultPolicy")
                                .get("PolicyDocument"))
                        .get("Statement"))
                .stream()
                .map(Resources::map);
    }

    /** The resources on which {@code role} may do {@code action}, each as the template spells it. */
    private List<Object> resourcesAllowing(String role, String action) {
        return statementsOf(role)
                .filter(statement -> actions(statement).contains(action))
                .flatMap(statement -> list(statement.get("Resource")).stream())
                .toList();
    }

    private List<String> actionsOf(String role) {
        return statementsOf(role)
                .flatMap(statement -> actions(statement).stream())
                .distinct()
                .toList();
    }

    private Object table(Table table) {
        return Resources.getAtt(Resources.idOf(template, "AWS::DynamoDB::Table", "Tables" + table.logicalId()), "Arn");
    }

    private Object queue(Queue queue) {
        return Resources.getAtt(Resources.idOf(template, "AWS::SQS::Queue", "Queues" + queue.logicalId()), "Arn");
    }

    private String bucketId() {
        return Resources.idOf(template, "AWS::S3::Bucket", "Data" + Bucket.LOGICAL_ID);
    }

    /** Object prefixes (such as {@code models/}) on which {@code role} may do {@code action}. */
    private List<String> prefixesAllowing(String role, String action) {
        return resourcesAllowing(role, action).stream()
                .map(Object::toString)
                .filter(resource -> resource.contains(bucketId()))
                .map(resource -> resource.replaceAll(".*, /([a-z/]+/)\\*.*", "$1"))
                .toList();
    }

    @Test
    void noStatementAllowsEveryAction() {
        assertThat(allStatements())
                .isNotEmpty()
                .allSatisfy(entry ->
                        assertThat(actions(entry.getValue())).as(entry.getKey()).doesNotContain("*"));
    }

    @Test
    void noDataServiceActionIsGrantedOnEveryResource() {
        assertThat(allStatements()).allSatisfy(entry -> {
            boolean everyResource =
                    list(entry.getValue().getOrDefault("Resource", List.of())).contains("*");
            boolean dataAction = actions(entry.getValue()).stream()
                    .anyMatch(action -> DATA_SERVICES.stream().anyMatch(action::startsWith));
            assertThat(everyResource && dataAction)
                    .as("%s: %s", entry.getKey(), entry.getValue())
                    .isFalse();
        });
    }

    @Test
    void noPrincipalGetsWholesaleTableAccess() {
        assertThat(allStatements())
                .allSatisfy(entry -> assertThat(actions(entry.getValue()))
                        .as(entry.getKey())
                        .noneMatch(action -> action.startsWith("dynamodb:") && action.contains("*"))
                        .doesNotContain("dynamodb:DescribeTable", "dynamodb:BatchGetItem", "dynamodb:GetRecords"));
    }

    @ParameterizedTest
    @ValueSource(strings = {API, BATCH, SCHEDULE, REAPER, RUNNER})
    void everyJobWriterCountsTenantsFinishesBatchesEnqueuesWebhooksAndAnnouncesJobs(String role) {
        assertThat(resourcesAllowing(role, "dynamodb:GetItem"))
                .contains(table(Table.JOBS), table(Table.TENANTS), table(Table.BATCHES));
        assertThat(resourcesAllowing(role, "dynamodb:UpdateItem"))
                .contains(table(Table.JOBS), table(Table.TENANTS), table(Table.BATCHES));
        assertThat(resourcesAllowing(role, "dynamodb:Query"))
                .as("job index for recounts and sweeps; batch lines for the results")
                .contains(table(Table.JOBS), table(Table.BATCHES));
        assertThat(resourcesAllowing(role, "dynamodb:Query").toString()).contains("/index/*");
        assertThat(prefixesAllowing(role, "s3:PutObject"))
                .as("the results manifest of a batch its job finished")
                .contains(Bucket.BATCH_RESULTS_PREFIX);
        assertThat(resourcesAllowing(role, "sqs:SendMessage")).contains(queue(Queue.WEBHOOKS));
        assertThat(resourcesAllowing(role, "events:PutEvents"))
                .containsExactly(Resources.getAtt(
                        Resources.idOf(template, "AWS::Events::EventBus", "Events" + Events.BUS_LOGICAL_ID), "Arn"));
    }

    @Test
    void onlyJobWritersPutEventsOnTheBus() {
        Resources.ofType(template, "AWS::IAM::Policy").forEach((id, policy) -> {
            if (Resources.propertiesOf(policy).toString().contains("events:PutEvents")) {
                assertThat(JOB_WRITERS).as(id).anyMatch(id::startsWith);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {API, BATCH, SCHEDULE})
    void everySubmitterCreatesJobsEnqueuesThemAndReadsTemplates(String role) {
        assertThat(resourcesAllowing(role, "dynamodb:PutItem")).contains(table(Table.JOBS));
        assertThat(resourcesAllowing(role, "dynamodb:GetItem")).contains(table(Table.CATALOG));
        assertThat(resourcesAllowing(role, "dynamodb:UpdateItem"))
                .as("the fleet's wake mark")
                .contains(table(Table.CATALOG));
        assertThat(resourcesAllowing(role, "sqs:SendMessage"))
                .containsAll(Queues.JOB_QUEUES.stream().map(this::queue).toList());
    }

    @Test
    void theReaperRequeuesLapsedJobsButCreatesNone() {
        assertThat(resourcesAllowing(REAPER, "sqs:SendMessage"))
                .containsAll(Queues.JOB_QUEUES.stream().map(this::queue).toList());
        assertThat(actionsOf(REAPER)).doesNotContain("dynamodb:PutItem", "dynamodb:DeleteItem", "s3:GetObject");
    }

    @Test
    void theRunnerConsumesTheJobQueuesAndRequeuesAJobItReleasesForAnotherAttempt() {
        for (String action :
                List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:SendMessage")) {
            assertThat(resourcesAllowing(RUNNER, action))
                    .as(action)
                    .containsAll(Queues.JOB_QUEUES.stream().map(this::queue).toList());
        }
    }

    @Test
    void theRunnerReadsInputsAndModelsAndWritesOnlyOutputsModelsBatchResultsAndItsNodeCatalogue() {
        assertThat(prefixesAllowing(RUNNER, "s3:GetObject"))
                .containsExactlyInAnyOrder(Bucket.INPUTS_PREFIX, Bucket.MODELS_PREFIX, Bucket.CATALOG_PREFIX);
        assertThat(prefixesAllowing(RUNNER, "s3:PutObject"))
                .containsExactlyInAnyOrder(
                        Bucket.OUTPUTS_PREFIX,
                        Bucket.MODELS_PREFIX,
                        Bucket.BATCH_RESULTS_PREFIX,
                        Bucket.CATALOG_PREFIX,
                        Bucket.PREVIEWS_PREFIX);
        assertThat(actionsOf(RUNNER)).doesNotContain("s3:DeleteObject");
    }

    @Test
    void theRunnerClaimsModelDownloadsAndHeartbeatsItsWorkerRecord() {
        assertThat(resourcesAllowing(RUNNER, "dynamodb:Query")).contains(table(Table.CATALOG));
        assertThat(resourcesAllowing(RUNNER, "dynamodb:UpdateItem")).contains(table(Table.CATALOG));
        assertThat(resourcesAllowing(RUNNER, "dynamodb:PutItem")).containsExactly(table(Table.WORKERS));
    }

    @Test
    void theRunnerReadsSpotPricesAndNothingElseOfEc2() {
        assertThat(actionsOf(RUNNER))
                .filteredOn(action -> action.startsWith("ec2:"))
                .containsExactly("ec2:DescribeSpotPriceHistory");
    }

    @Test
    void theWebhookFunctionChangesNoJobAndSendsOnlyToItsDeadLetterQueue() {
        assertThat(resourcesAllowing(WEBHOOK, "dynamodb:UpdateItem")).isEmpty();
        assertThat(resourcesAllowing(WEBHOOK, "dynamodb:PutItem"))
                .as("the tenant's signing secret, created on first use")
                .containsExactly(table(Table.TENANTS));
        assertThat(resourcesAllowing(WEBHOOK, "dynamodb:GetItem"))
                .containsExactlyInAnyOrder(table(Table.JOBS), table(Table.TENANTS));
        assertThat(resourcesAllowing(WEBHOOK, "sqs:SendMessage")).containsExactly(queue(Queue.WEBHOOKS_DLQ));
        assertThat(resourcesAllowing(WEBHOOK, "sqs:ChangeMessageVisibility"))
                .as("retry backoff")
                .contains(queue(Queue.WEBHOOKS));
        assertThat(prefixesAllowing(WEBHOOK, "s3:GetObject"))
                .as("presigning the output links of a job's webhook")
                .containsExactly(Bucket.OUTPUTS_PREFIX);
        assertThat(actionsOf(WEBHOOK))
                .noneMatch(action ->
                        action.startsWith("s3:") && !action.equals("s3:GetObject") || action.startsWith("events:"));
    }

    @Test
    void onlyTheApiAndTheWebSocketFunctionLookUpApiKeysAndUsers() {
        String tenants = Resources.idOf(template, "AWS::DynamoDB::Table", "TablesTenantsTable");
        assertThat(resourcesAllowing(WEBSOCKET, "dynamodb:Query").toString())
                .as("a connect is authenticated as an API request is")
                .contains(tenants + ", Arn]}, /index/*");
        Resources.ofType(template, "AWS::IAM::Policy").forEach((id, policy) -> {
            if (!id.startsWith(API) && !id.startsWith(WEBSOCKET)) {
                list(map(Resources.propertiesOf(policy).get("PolicyDocument")).get("Statement")).stream()
                        .map(Resources::map)
                        .filter(statement ->
                                statement.get("Resource").toString().contains(tenants))
                        .forEach(statement -> assertThat(actions(statement))
                                .as(id)
                                .containsAnyOf("dynamodb:GetItem")
                                .doesNotContain("dynamodb:Query", "dynamodb:Scan"));
            }
        });
        assertThat(resourcesAllowing(API, "dynamodb:Query").toString()).contains(tenants + ", Arn]}, /index/*");
    }

    @Test
    void indexesAreOnlyEverQueried() {
        assertThat(allStatements())
                .filteredOn(entry -> entry.getValue().get("Resource").toString().contains("/index/*"))
                .isNotEmpty()
                .allSatisfy(entry ->
                        assertThat(actions(entry.getValue())).as(entry.getKey()).containsExactly("dynamodb:Query"));
    }

    @Test
    void theApiManagesTemplatesSchedulesAndModelDownloadsInTheCatalog() {
        for (String action : List.of(
                "dynamodb:GetItem",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:DeleteItem",
                "dynamodb:Query")) {
            assertThat(resourcesAllowing(API, action)).as(action).contains(table(Table.CATALOG));
        }
    }

    @Test
    void theApiUploadsReplacesAndDeletesModelsAndPresignsInputsAndDownloads() {
        assertThat(prefixesAllowing(API, "s3:DeleteObject")).containsExactly(Bucket.MODELS_PREFIX);
        assertThat(prefixesAllowing(API, "s3:AbortMultipartUpload")).containsExactly(Bucket.MODELS_PREFIX);
        assertThat(prefixesAllowing(API, "s3:PutObject"))
                .containsExactlyInAnyOrder(Bucket.MODELS_PREFIX, Bucket.INPUTS_PREFIX, Bucket.BATCH_RESULTS_PREFIX);
        assertThat(prefixesAllowing(API, "s3:GetObject"))
                .containsExactlyInAnyOrder(
                        Bucket.MODELS_PREFIX,
                        Bucket.INPUTS_PREFIX,
                        Bucket.OUTPUTS_PREFIX,
                        Bucket.BATCH_RESULTS_PREFIX,
                        Bucket.CATALOG_PREFIX,
                        Bucket.PREVIEWS_PREFIX);
    }

    @Test
    void listingTheBucketIsLimitedToTheModelStoreInputsAndTheNodeCatalogue() {
        List<Map.Entry<String, Map<String, Object>>> listings = allStatements().stream()
                .filter(entry -> actions(entry.getValue()).contains("s3:ListBucket"))
                .filter(entry -> entry.getValue().get("Resource").toString().contains(bucketId()))
                .toList();

        assertThat(listings)
                .extracting(Map.Entry::getKey)
                .anyMatch(id -> id.startsWith(API))
                .anyMatch(id -> id.startsWith(RUNNER));
        assertThat(listings).allSatisfy(entry -> {
            assertThat(entry.getValue().get("Resource")).isEqualTo(Resources.getAtt(bucketId(), "Arn"));
            assertThat(list(map(map(entry.getValue().get("Condition")).get("StringLike"))
                            .get("s3:prefix")))
                    .as(entry.getKey())
                    .isNotEmpty()
                    .isSubsetOf("models/*", "inputs/*", "catalog/*");
        });
    }

    @Test
    void theBatchFunctionReadsManifestsAndWhatValidationNeedsAndRecordsBadLinesInTheBatchesTable() {
        assertThat(prefixesAllowing(BATCH, "s3:GetObject"))
                .as("manifests, and the node catalogue and model store its lines are validated against")
                .containsExactlyInAnyOrder(Bucket.BATCH_INCOMING_PREFIX, Bucket.CATALOG_PREFIX, Bucket.MODELS_PREFIX);
        assertThat(prefixesAllowing(BATCH, "s3:PutObject")).containsExactly(Bucket.BATCH_RESULTS_PREFIX);
        assertThat(resourcesAllowing(BATCH, "dynamodb:BatchWriteItem")).containsExactly(table(Table.BATCHES));
        assertThat(resourcesAllowing(BATCH, "dynamodb:PutItem"))
                .containsExactlyInAnyOrder(table(Table.JOBS), table(Table.BATCHES));
    }

    @Test
    void theApiManagesOnlyTheUsersOfItsOwnPool() {
        String pool = Resources.idOf(template, "AWS::Cognito::UserPool", "Identity" + Identity.USER_POOL_LOGICAL_ID);

        assertThat(statementsOf(API)
                        .filter(statement -> statement.get("Action").toString().contains("cognito-idp:")))
                .singleElement()
                .satisfies(statement -> {
                    assertThat(actions(statement))
                            .containsExactlyInAnyOrder("cognito-idp:AdminConfirmSignUp", "cognito-idp:AdminDeleteUser");
                    assertThat(statement.get("Resource")).isEqualTo(Resources.getAtt(pool, "Arn"));
                });
        Resources.ofType(template, "AWS::IAM::Policy").forEach((id, policy) -> {
            if (!id.startsWith(API)) {
                assertThat(Resources.propertiesOf(policy).toString()).as(id).doesNotContain("cognito-idp:");
            }
        });
    }

    @Test
    void theApiMayDescribeOnlyTheRunnerService() {
        assertThat(resourcesAllowing(API, "ecs:DescribeServices"))
                .containsExactly(Resources.ref(Resources.idOf(template, "AWS::ECS::Service", "RunnerService")));
    }

    @Test
    void theWebSocketFunctionRecordsConnectionsAndReadsButNeverChangesJobs() {
        for (String action : List.of(
                "dynamodb:GetItem",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:DeleteItem",
                "dynamodb:BatchWriteItem")) {
            assertThat(resourcesAllowing(WEBSOCKET, action)).as(action).contains(table(Table.CONNECTIONS));
        }
        assertThat(resourcesAllowing(WEBSOCKET, "dynamodb:GetItem"))
                .contains(table(Table.JOBS), table(Table.BATCHES), table(Table.TENANTS));
        assertThat(resourcesAllowing(WEBSOCKET, "dynamodb:UpdateItem")).containsExactly(table(Table.CONNECTIONS));
        assertThat(actionsOf(WEBSOCKET))
                .noneMatch(action -> action.startsWith("s3:")
                        || action.startsWith("sqs:")
                        || action.startsWith("events:")
                        || action.startsWith("execute-api:"));
    }

    @Test
    void theFanOutPostsOnlyToConnectionsOfTheLiveStageAndSignsOnlyOutputsAndPreviews() {
        String api = Resources.idOf(template, "AWS::ApiGatewayV2::Api", "LiveWebSocketApi");

        assertThat(resourcesAllowing(FANOUT, "execute-api:ManageConnections"))
                .singleElement()
                .satisfies(resource ->
                        assertThat(resource.toString()).contains(api).contains("/live/POST/@connections/*"));
        assertThat(prefixesAllowing(FANOUT, "s3:GetObject"))
                .containsExactlyInAnyOrder(Bucket.OUTPUTS_PREFIX, Bucket.PREVIEWS_PREFIX);
        assertThat(resourcesAllowing(FANOUT, "dynamodb:Query")).containsExactly(table(Table.CONNECTIONS));
        assertThat(resourcesAllowing(FANOUT, "sqs:GetQueueAttributes"))
                .as("the lane depths of queue_update")
                .containsAll(Queues.JOB_QUEUES.stream().map(this::queue).toList());
        assertThat(resourcesAllowing(FANOUT, "sqs:SendMessage")).isEmpty();
        assertThat(actionsOf(FANOUT))
                .doesNotContain("dynamodb:PutItem", "dynamodb:UpdateItem", "s3:PutObject", "events:PutEvents");
        Resources.ofType(template, "AWS::IAM::Policy").forEach((id, policy) -> {
            if (!id.startsWith(FANOUT)) {
                assertThat(Resources.propertiesOf(policy).toString())
                        .as(id)
                        .doesNotContain("execute-api:ManageConnections");
            }
        });
    }

    @Test
    void onlyTheApiScansAndOnlyTheWorkersTable() {
        assertThat(allStatements())
                .filteredOn(entry -> actions(entry.getValue()).contains("dynamodb:Scan"))
                .singleElement()
                .satisfies(entry -> {
                    assertThat(entry.getKey()).startsWith(API);
                    assertThat(entry.getValue().get("Resource")).isEqualTo(table(Table.WORKERS));
                });
    }

    private List<String> fleetActionsOf(String role) {
        return statementsOf(role)
                .flatMap(statement -> actions(statement).stream())
                .filter(action -> action.startsWith("ecs:")
                        || action.startsWith("autoscaling:")
                        || action.startsWith("application-autoscaling:")
                        || action.startsWith("ec2:"))
                .sorted()
                .toList();
    }

    @Test
    void everySubmitterMayWakeTheFleetOnlyTheApiAndFleetSchedulesControlItAndNobodyElseTouchesIt() {
        List<String> wake = List.of(
                "autoscaling:DescribeAutoScalingGroups",
                "autoscaling:SetDesiredCapacity",
                "ecs:DescribeServices",
                "ecs:UpdateService");
        List<String> control = Stream.concat(
                        wake.stream(),
                        Stream.of(
                                "application-autoscaling:DescribeScalableTargets",
                                "application-autoscaling:RegisterScalableTarget",
                                "autoscaling:UpdateAutoScalingGroup"))
                .sorted()
                .toList();

        assertThat(fleetActionsOf(BATCH)).isEqualTo(wake);
        assertThat(fleetActionsOf(SCHEDULE)).isEqualTo(control);
        assertThat(fleetActionsOf(API))
                .containsAll(control)
                .contains("ec2:RunInstances", "ec2:CreateTags")
                .hasSize(control.size() + 2);
        assertThat(fleetActionsOf(WEBHOOK)).isEmpty();
        assertThat(fleetActionsOf(REAPER)).isEmpty();
        assertThat(fleetActionsOf(RUNNER))
                .as("its own task's scale-in protection, and the spot price its jobs are costed at")
                .containsOnly("ec2:DescribeSpotPriceHistory", "ecs:GetTaskProtection", "ecs:UpdateTaskProtection");
    }

    @Test
    void fleetChangesAreLimitedToTheRunnerServiceItsGroupAndItsLaunchTemplate() {
        String service = Resources.idOf(template, "AWS::ECS::Service", "RunnerService");
        String group = Resources.idOf(template, "AWS::AutoScaling::AutoScalingGroup", "GpusASG");
        String launchTemplate = Resources.idOf(template, "AWS::EC2::LaunchTemplate", "GpusLaunchTemplate");
        List<Map<String, Object>> api = statementsOf(API).toList();

        assertThat(api)
                .filteredOn(s -> actions(s).contains("ecs:UpdateService"))
                .singleElement()
                .satisfies(s -> assertThat(s.get("Resource")).isEqualTo(Resources.ref(service)));
        assertThat(api)
                .filteredOn(s -> actions(s).contains("autoscaling:SetDesiredCapacity"))
                .singleElement()
                .satisfies(s -> assertThat(s.get("Resource").toString())
                        .contains(":autoScalingGroup:*:autoScalingGroupName/")
                        .contains(group));
        assertThat(api)
                .filteredOn(s -> actions(s).contains("ec2:RunInstances"))
                .singleElement()
                .satisfies(s -> assertThat(s.get("Condition").toString())
                        .contains("ec2:LaunchTemplate")
                        .contains(launchTemplate));
        assertThat(api)
                .filteredOn(s -> actions(s).contains("application-autoscaling:RegisterScalableTarget"))
                .singleElement()
                .satisfies(s -> assertThat(s.get("Condition"))
                        .isEqualTo(Map.of("StringEquals", Map.of("application-autoscaling:service-namespace", "ecs"))));
        assertThat(api)
                .filteredOn(
                        s -> actions(s).contains("iam:PassRole") && s.toString().contains("ec2.amazonaws.com"))
                .singleElement()
                .satisfies(s -> assertThat(s.get("Resource").toString())
                        .contains(Resources.idOf(template, "AWS::IAM::Role", "GpusInstanceRole")));
    }
}
