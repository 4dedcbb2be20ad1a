package io.comfyless.infra.observability;

import io.comfyless.contract.Queue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * Tells an operator when work is lost or stuck: any message in a dead-letter queue, or a message
 * waiting longer than {@code oldestMessageAlarmSeconds} in a work queue. Alarms (and their
 * recovery) go to one SNS topic, with an optional e-mail subscription.
 */
public final class QueueAlarms extends Construct {

    private final Topic topic;

    public QueueAlarms(
            Construct scope,
            String id,
            Map<Queue, IQueue> queues,
            int oldestMessageAlarmSeconds,
            Optional<String> alarmEmail,
            RemovalPolicy removalPolicy) {
        super(scope, id);
        // A customer-managed key, not alias/aws/sns: CloudWatch cannot publish to a topic encrypted with
        // the AWS-managed key, whose policy cannot grant it. The key costs about 1 USD a month.
        Key key = Key.Builder.create(this, "TopicKey")
                .description("Encrypts the ComfyLess alarm topic")
                .enableKeyRotation(true)
                .removalPolicy(removalPolicy)
                .build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resources(List.of("*"))
                .build());
        topic = Topic.Builder.create(this, "Topic")
                .displayName("ComfyLess alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        alarmEmail.ifPresent(email -> topic.addSubscription(new EmailSubscription(email)));

        SnsAction notify = new SnsAction(topic);
        queues.forEach((spec, queue) -> {
            Alarm alarm = spec.isDeadLetterQueue()
                    ? deadLettersArrived(spec, queue)
                    : messagesWaitTooLong(spec, queue, oldestMessageAlarmSeconds);
            alarm.addAlarmAction(notify);
            alarm.addOkAction(notify);
        });
    }

    public ITopic topic() {
        return topic;
    }

    private Alarm deadLettersArrived(Queue spec, IQueue queue) {
        return Alarm.Builder.create(this, spec.logicalId() + "NotEmpty")
                .alarmDescription("Messages in dead-letter queue " + spec.name() + ": work failed after every retry")
                .metric(queue.metricApproximateNumberOfMessagesVisible(maximumPerMinute()))
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .threshold(0)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    private Alarm messagesWaitTooLong(Queue spec, IQueue queue, int oldestMessageAlarmSeconds) {
        return Alarm.Builder.create(this, spec.logicalId() + "OldestMessage")
                .alarmDescription("A message has waited over " + oldestMessageAlarmSeconds + " s in " + spec.name()
                        + ": consumers are missing, failing or too few")
                .metric(queue.metricApproximateAgeOfOldestMessage(maximumPerMinute()))
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .threshold(oldestMessageAlarmSeconds)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    private static MetricOptions maximumPerMinute() {
        return MetricOptions.builder()
                .statistic("Maximum")
                .period(Duration.minutes(1))
                .build();
    }
}
