package io.comfyless.infra.fleet;

import io.comfyless.infra.queue.Queues;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.applicationautoscaling.AdjustmentTier;
import software.amazon.awscdk.services.applicationautoscaling.AdjustmentType;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy;
import software.amazon.awscdk.services.applicationautoscaling.MetricAggregationType;
import software.amazon.awscdk.services.applicationautoscaling.ScalableTarget;
import software.amazon.awscdk.services.applicationautoscaling.ServiceNamespace;
import software.amazon.awscdk.services.applicationautoscaling.StepScalingAction;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.ApplicationScalingAction;
import software.amazon.awscdk.services.ecs.Ec2Service;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * Sets the runner count from the job queues' backlog, from zero and back to zero. Three policies:
 * <ol>
 *   <li><b>scale from zero</b> (step, exact 1): while the service wants no task and a job message is
 *       visible. Target tracking cannot do this: with no tasks there is nothing to divide by.</li>
 *   <li><b>backlog per task</b> (target tracking on metric math): (visible + in-flight messages of
 *       the three job queues) ÷ desired tasks, kept near {@code backlogPerTask}. The divisor is the
 *       desired count, not the running count: a GPU instance takes minutes to boot and pull the
 *       image, and dividing by running tasks would keep scaling out toward {@code maxGpus} during
 *       those minutes for the same backlog.</li>
 *   <li><b>scale to zero</b> (step, exact 0): when the queues have had nothing visible or in flight
 *       for {@value #IDLE_MINUTES} minutes. Target tracking alone would wait 15 minutes (its
 *       built-in scale-in alarm needs 15 low datapoints) plus its cooldown before releasing the
 *       last GPU; this releases it after {@value #IDLE_MINUTES}.</li>
 * </ol>
 * Scale-in cooldown is {@value #SCALE_IN_COOLDOWN_MINUTES} minutes: GPU time is the bill, so idle
 * runners go soon, yet a short burst gap does not make us pay the boot and image pull again.
 */
public final class RunnerScaling extends Construct {

    static final int IDLE_MINUTES = 5;
    static final int SCALE_IN_COOLDOWN_MINUTES = 3;
    static final Duration SCALE_OUT_COOLDOWN = Duration.minutes(1);
    static final String CONTAINER_INSIGHTS = "ECS/ContainerInsights";

    private final ScalableTarget target;

    public RunnerScaling(
            Construct scope,
            String id,
            ICluster cluster,
            Ec2Service service,
            Queues queues,
            int maxTasks,
            int backlogPerTask) {
        super(scope, id);
        target = ScalableTarget.Builder.create(this, "TaskCount")
                .serviceNamespace(ServiceNamespace.ECS)
                .scalableDimension("ecs:service:DesiredCount")
                .resourceId("service/" + cluster.getClusterName() + "/" + service.getServiceName())
                .minCapacity(0)
                .maxCapacity(maxTasks)
                // The service-linked role ECS scaling always uses; CDK's ECS scaling does the same.
                .role(Role.fromRoleArn(
                        this,
                        "ScalingRole",
                        Stack.of(this)
                                .formatArn(ArnComponents.builder()
                                        .region("")
                                        .service("iam")
                                        .resource("role/aws-service-role/ecs.application-autoscaling.amazonaws.com")
                                        .resourceName("AWSServiceRoleForApplicationAutoScaling_ECSService")
                                        .build())))
                .build();

        List<IQueue> jobQueues = queues.jobQueues();
        Map<String, IMetric> visible = metrics("v", jobQueues, true);
        Map<String, IMetric> inFlight = metrics("f", jobQueues, false);
        Metric desiredTasks = Metric.Builder.create()
                .namespace(CONTAINER_INSIGHTS)
                .metricName("DesiredTaskCount")
                .dimensionsMap(Map.of("ClusterName", cluster.getClusterName(), "ServiceName", service.getServiceName()))
                .statistic("Maximum")
                .period(Duration.minutes(1))
                .build();

        scaleFromZero(visible, desiredTasks);
        trackBacklogPerTask(visible, inFlight, desiredTasks, backlogPerTask);
        scaleToZero(visible, inFlight);
    }

    public ScalableTarget target() {
        return target;
    }

    private void scaleFromZero(Map<String, IMetric> visible, Metric desiredTasks) {
        Map<String, IMetric> using = new LinkedHashMap<>(visible);
        using.put("d", desiredTasks);
        // FILL everywhere: Container Insights publishes nothing for a service that has never run a
        // task, and SQS nothing for a queue inactive for hours; a missing series must read as zero,
        // not turn the whole expression into no data.
        MathExpression workWithNoRunner = perMinute(
                "IF(FILL(d, 0) < 1 AND (" + filledSum(visible.keySet()) + ") > 0, 1, 0)",
                using,
                "job messages waiting and no runner wanted");
        StepScalingAction startOne = setCapacity("ScaleFromZero", SCALE_OUT_COOLDOWN);
        startOne.addAdjustment(
                AdjustmentTier.builder().lowerBound(0).adjustment(1).build());
        Alarm alarm = Alarm.Builder.create(this, "WorkWithNoRunner")
                .alarmDescription("Job messages are waiting and the runner service is at zero: start one runner")
                .metric(workWithNoRunner)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .threshold(1)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new ApplicationScalingAction(startOne));
    }

    /**
     * Application Auto Scaling accepts metric math in target tracking, but CDK's L2 policy only takes
     * a single metric, hence the L1 resource.
     */
    private void trackBacklogPerTask(
            Map<String, IMetric> visible, Map<String, IMetric> inFlight, Metric desiredTasks, int backlogPerTask) {
        List<Object> queries = new ArrayList<>();
        visible.forEach((queryId, metric) -> queries.add(query(queryId, (Metric) metric)));
        inFlight.forEach((queryId, metric) -> queries.add(query(queryId, (Metric) metric)));
        queries.add(query("d", desiredTasks));
        String backlog = filledSum(visible.keySet()) + " + " + filledSum(inFlight.keySet());
        queries.add(CfnScalingPolicy.TargetTrackingMetricDataQueryProperty.builder()
                .id("backlogPerTask")
                .label("job messages (visible + in flight) per desired runner")
                .expression("IF(FILL(d, 0) > 0, (" + backlog + ") / FILL(d, 0), " + backlog + ")")
                .returnData(true)
                .build());
        CfnScalingPolicy.Builder.create(this, "BacklogPerTask")
                .policyName(Stack.of(this).getStackName() + "-runner-backlog-per-task")
                .policyType("TargetTrackingScaling")
                .scalingTargetId(target.getScalableTargetId())
                .targetTrackingScalingPolicyConfiguration(
                        CfnScalingPolicy.TargetTrackingScalingPolicyConfigurationProperty.builder()
                                .targetValue(backlogPerTask)
                                .scaleOutCooldown((int) SCALE_OUT_COOLDOWN.toSeconds())
                                .scaleInCooldown(SCALE_IN_COOLDOWN_MINUTES * 60)
                                .customizedMetricSpecification(
                                        CfnScalingPolicy.CustomizedMetricSpecificationProperty.builder()
                                                .metrics(queries)
                                                .build())
                                .build())
                .build();
    }

    private void scaleToZero(Map<String, IMetric> visible, Map<String, IMetric> inFlight) {
        Map<String, IMetric> using = new LinkedHashMap<>(visible);
        using.putAll(inFlight);
        MathExpression backlog = perMinute(filledSum(using.keySet()), using, "job messages visible or in flight");
        StepScalingAction stopAll = setCapacity("ScaleToZero", Duration.minutes(SCALE_IN_COOLDOWN_MINUTES));
        stopAll.addAdjustment(
                AdjustmentTier.builder().upperBound(0).adjustment(0).build());
        Alarm alarm = Alarm.Builder.create(this, "QueuesIdle")
                .alarmDescription("No job visible or in flight for " + IDLE_MINUTES + " minutes: stop every runner")
                .metric(backlog)
                .comparisonOperator(ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD)
                .threshold(0)
                .evaluationPeriods(IDLE_MINUTES)
                .datapointsToAlarm(IDLE_MINUTES)
                // SQS stops publishing metrics for a queue that has been inactive for hours: no data is idle.
                .treatMissingData(TreatMissingData.BREACHING)
                .build();
        alarm.addAlarmAction(new ApplicationScalingAction(stopAll));
    }

    /** Metric math over one-minute periods. */
    private static MathExpression perMinute(String expression, Map<String, IMetric> using, String label) {
        return MathExpression.Builder.create()
                .expression(expression)
                .usingMetrics(using)
                .label(label)
                .period(Duration.minutes(1))
                .build();
    }

    /** A step action that sets the runner count outright (its tiers say to what). */
    private StepScalingAction setCapacity(String id, Duration cooldown) {
        return StepScalingAction.Builder.create(this, id)
                .scalingTarget(target)
                .adjustmentType(AdjustmentType.EXACT_CAPACITY)
                .metricAggregationType(MetricAggregationType.MAXIMUM)
                .cooldown(cooldown)
                .build();
    }

    private static Map<String, IMetric> metrics(String prefix, List<IQueue> jobQueues, boolean visible) {
        Map<String, IMetric> metrics = new LinkedHashMap<>();
        MetricOptions options = MetricOptions.builder()
                .statistic("Maximum")
                .period(Duration.minutes(1))
                .build();
        for (int i = 0; i < jobQueues.size(); i++) {
            IQueue queue = jobQueues.get(i);
            metrics.put(
                    prefix + i,
                    visible
                            ? queue.metricApproximateNumberOfMessagesVisible(options)
                            : queue.metricApproximateNumberOfMessagesNotVisible(options));
        }
        return metrics;
    }

    private static CfnScalingPolicy.TargetTrackingMetricDataQueryProperty query(String queryId, Metric metric) {
        return CfnScalingPolicy.TargetTrackingMetricDataQueryProperty.builder()
                .id(queryId)
                .metricStat(CfnScalingPolicy.TargetTrackingMetricStatProperty.builder()
                        .stat(metric.getStatistic())
                        .metric(CfnScalingPolicy.TargetTrackingMetricProperty.builder()
                                .namespace(metric.getNamespace())
                                .metricName(metric.getMetricName())
                                .dimensions(metric.getDimensions().entrySet().stream()
                                        .map(dimension ->
                                                CfnScalingPolicy.TargetTrackingMetricDimensionProperty.builder()
                                                        .name(dimension.getKey())
                                                        .value(dimension
                                                                .getValue()
                                                                .toString())
                                                        .build())
                                        .collect(Collectors.toList()))
                                .build())
                        .build())
                .returnData(false)
                .build();
    }

    /** {@code FILL(a, 0) + FILL(b, 0) + ...}: every series counts, and a missing one as zero. */
    static String filledSum(Collection<String> queryIds) {
        return queryIds.stream().map(queryId -> "FILL(" + queryId + ", 0)").collect(Collectors.joining(" + "));
    }
}
