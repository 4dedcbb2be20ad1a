package io.comfyless.infra.fleet;

import static io.comfyless.infra.Resources.list;
import static io.comfyless.infra.Resources.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Queue;
import io.comfyless.infra.Resources;
import io.comfyless.infra.SynthesizedStack;
import io.comfyless.infra.queue.Queues;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class RunnerScalingTest {

    private static final String POLICY = "AWS::ApplicationAutoScaling::ScalingPolicy";
    private final Template template = SynthesizedStack.withDefaults().template();

    private static Map<String, Object> targetTracking(Template template) {
        return map(Resources.properties(template, POLICY, "RunnerScalingBacklogPerTask")
                .get("TargetTrackingScalingPolicyConfiguration"));
    }

    private static List<Map<String, Object>> queries(Template template) {
        return list(map(targetTracking(template).get("CustomizedMetricSpecification"))
                        .get("Metrics"))
                .stream()
                .map(Resources::map)
                .toList();
    }

    /** The alarm whose actions include the given scaling policy. */
    private Map<String, Object> alarmTriggering(String policyPath) {
        String policy = Resources.idOf(template, POLICY, policyPath);
        return Resources.ofType(template, "AWS::CloudWatch::Alarm").values().stream()
                .map(Resources::propertiesOf)
                .filter(alarm ->
                        list(alarm.getOrDefault("AlarmActions", List.of())).contains(Resources.ref(policy)))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theTaskCountRangesFromZeroToMaxGpus() {
        Map<String, Object> target =
                Resources.properties(template, "AWS::ApplicationAutoScaling::ScalableTarget", "RunnerScalingTaskCount");

        assertThat(target.get("MinCapacity")).isEqualTo(0);
        assertThat(target.get("MaxCapacity")).isEqualTo(4);
        assertThat(target.get("ScalableDimension")).isEqualTo("ecs:service:DesiredCount");
        assertThat(target.get("ResourceId").toString())
                .contains(Resources.idOf(template, "AWS::ECS::Service", "RunnerService"));
        assertThat(Resources.properties(
                                SynthesizedStack.withCustomSettings().template(),
                                "AWS::ApplicationAutoScaling::ScalableTarget",
                                "RunnerScalingTaskCount")
                        .get("MaxCapacity"))
                .isEqualTo(2);
    }

    @Test
    void tracksBacklogPerTaskOverTheThreeJobQueuesVisibleAndInFlight() {
        List<Map<String, Object>> queries = queries(template);
        Map<String, Long> queuesPerMetric = queries.stream()
                .filter(query -> query.containsKey("MetricStat"))
                .map(query -> map(map(query.get("MetricStat")).get("Metric")))
                .filter(metric -> "AWS/SQS".equals(metric.get("Namespace")))
                .collect(
                        Collectors.groupingBy(metric -> metric.get("MetricName").toString(), Collectors.counting()));
        assertThat(queuesPerMetric)
                .isEqualTo(Map.of(
                        "ApproximateNumberOfMessagesVisible", (long) Queues.JOB_QUEUES.size(),
                        "ApproximateNumberOfMessagesNotVisible", (long) Queues.JOB_QUEUES.size()));
        for (Queue queue : Queues.JOB_QUEUES) {
            String queueId = Resources.idOf(template, "AWS::SQS::Queue", "Queues" + queue.logicalId());
            assertThat(queries.toString()).contains(queueId);
        }

        List<Map<String, Object>> returned = queries.stream()
                .filter(query -> Boolean.TRUE.equals(query.get("ReturnData")))
                .toList();
        assertThat(returned)
                .singleElement()
                .satisfies(expression -> assertThat(expression.get("Expression").toString())
                        .as("no division by zero tasks")
                        .startsWith("IF(FILL(d, 0) > 0,"));
        assertThat(targetTracking(template).get("TargetValue")).isEqualTo(3);
        assertThat(targetTracking(SynthesizedStack.withCustomSettings().template())
                        .get("TargetValue"))
                .isEqualTo(5);
    }

    @Test
    void scalesInWithinMinutesNotTheFifteenOfTargetTrackingAlone() {
        assertThat((Integer) targetTracking(template).get("ScaleInCooldown")).isBetween(60, 300);

        Map<String, Object> toZero = map(Resources.properties(template, POLICY, "RunnerScalingScaleToZero")
                .get("StepScalingPolicyConfiguration"));
        assertThat(toZero.get("AdjustmentType")).isEqualTo("ExactCapacity");
        assertThat(list(toZero.get("StepAdjustments")))
                .containsExactly(Map.of("MetricIntervalUpperBound", 0, "ScalingAdjustment", 0));
        Map<String, Object> idle = alarmTriggering("RunnerScalingScaleToZero");
        assertThat((Integer) idle.get("EvaluationPeriods")).isLessThan(15);
        assertThat(idle.get("ComparisonOperator")).isEqualTo("LessThanOrEqualToThreshold");
    }

    @Test
    void startsTheFirstRunnerWhenAJobWaitsAndNoneIsWanted() {
        Map<String, Object> fromZero = map(Resources.properties(template, POLICY, "RunnerScalingScaleFromZero")
                .get("StepScalingPolicyConfiguration"));

        assertThat(fromZero.get("AdjustmentType")).isEqualTo("ExactCapacity");
        assertThat(list(fromZero.get("StepAdjustments")))
                .containsExactly(Map.of("MetricIntervalLowerBound", 0, "ScalingAdjustment", 1));
        Map<String, Object> alarm = alarmTriggering("RunnerScalingScaleFromZero");
        String expression = list(alarm.get("Metrics")).stream()
                .map(Resources::map)
                .filter(query -> query.containsKey("Expression"))
                .findFirst()
                .orElseThrow()
                .get("Expression")
                .toString();
        assertThat(expression).contains("FILL(d, 0) < 1").contains("> 0");
        assertThat(alarm.get("Threshold")).isEqualTo(1);
    }

    @Test
    void everyQueueSeriesInTheBacklogAlarmsAndTheTargetTrackingMathIsFilledWithZero() {
        List<String> expressions = new java.util.ArrayList<>();
        queries(template).stream()
                .filter(query -> query.containsKey("Expression"))
                .forEach(query -> expressions.add(query.get("Expression").toString()));
        for (String policy : List.of("RunnerScalingScaleFromZero", "RunnerScalingScaleToZero")) {
            list(alarmTriggering(policy).get("Metrics")).stream()
                    .map(Resources::map)
                    .filter(query -> query.containsKey("Expression"))
                    .forEach(query -> expressions.add(query.get("Expression").toString()));
        }

        assertThat(expressions).hasSize(3).allSatisfy(expression -> {
            java.util.regex.Matcher ids =
                    java.util.regex.Pattern.compile("\\b([vfd]\\d*)\\b").matcher(expression);
            int series = 0;
            while (ids.find()) {
                series++;
                String before = expression.substring(0, ids.start());
                assertThat(before)
                        .as(expression + ": " + ids.group(1) + " is filled")
                        .endsWith("FILL(");
            }
            assertThat(series).as(expression).isGreaterThanOrEqualTo(3);
        });
    }
}
