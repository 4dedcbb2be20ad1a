package io.comfyless.infra.events;

import io.comfyless.infra.Nag;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.scheduler.ScheduleGroup;
import software.constructs.Construct;

/**
 * Where saved-workflow cron schedules live: an EventBridge Scheduler group that the API function
 * creates schedules in at runtime, and the role those schedules assume to invoke the API function.
 * The API may only create and delete schedules in this group and pass only this role.
 */
public final class WorkflowSchedules extends Construct {

    private static final String SCHEDULER = "scheduler.amazonaws.com";

    private final ScheduleGroup group;
    private final Role invokeRole;

    public WorkflowSchedules(Construct scope, String id, RemovalPolicy removalPolicy) {
        super(scope, id);
        group = ScheduleGroup.Builder.create(this, "Group").removalPolicy(removalPolicy).build();
        invokeRole = Role.Builder.create(this, "InvokeRole")
                .description("Assumed by EventBridge Scheduler to submit saved workflows to the API function")
                // Confused-deputy guard: only schedules in this account may assume the role.
                .assumedBy(new ServicePrincipal(SCHEDULER, ServicePrincipalOpts.builder()
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Stack.of(this).getAccount())))
                        .build()))
                .build();
    }

    public ScheduleGroup group() {
        return group;
    }

    public IRole invokeRole() {
        return invokeRole;
    }

    /** Lets schedules invoke {@code target} (the API function's alias) and nothing else. */
    public void allowSchedulesToInvoke(IFunction target) {
        target.grantInvoke(invokeRole);
    }

    /** Lets {@code manager} create and delete schedules in this group, handing them the invoke role. */
    public void allowManagingSchedules(IRole manager) {
        manager.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("scheduler:CreateSchedule", "scheduler:DeleteSchedule"))
                .resources(List.of(Stack.of(this).formatArn(ArnComponents.builder()
                        .service("scheduler")
                        .resource("schedule")
                        .resourceName(group.getScheduleGroupName() + "/*")
                        .build())))
                .build());
        manager.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("iam:PassRole"))
                .resources(List.of(invokeRole.getRoleArn()))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", SCHEDULER)))
                .build());
        Nag.suppress(manager, "AwsSolutions-IAM5",
                "Schedule names are chosen at runtime (one per saved workflow); the statement covers only"
                        + " schedules inside this stack's own schedule group.",
                "^Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/[^/*]+/\\*$");
    }
}
