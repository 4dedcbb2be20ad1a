package io.comfyless.infra.events;

import io.comfyless.contract.Schedules;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.scheduler.CfnScheduleGroup;
import software.constructs.Construct;

/**
 * Where saved-template schedules live: the EventBridge Scheduler group the API function creates
 * schedules in at runtime, and the role those schedules assume to invoke the {@code schedule}
 * function. What the role and the API may do is granted in {@code access/Permissions}.
 */
public final class WorkflowSchedules extends Construct {

    public static final String SCHEDULER = "scheduler.amazonaws.com";

    private final CfnScheduleGroup group;
    private final Role invokeRole;

    /**
     * The group gets no fixed name (CloudFormation names it, with a random suffix), and
     * is deleted with the stack whatever {@code destroyOnRemoval} says: its schedules are created at
     * runtime and mean nothing without the stack's functions, and a group left behind under a fixed
     * name would make the next deploy of the same stack fail.
     */
    public WorkflowSchedules(Construct scope, String id) {
        super(scope, id);
        group = CfnScheduleGroup.Builder.create(this, Schedules.GROUP_LOGICAL_ID)
                .build();
        group.applyRemovalPolicy(RemovalPolicy.DESTROY);
        invokeRole = Role.Builder.create(this, "InvokeRole")
                .description("Assumed by EventBridge Scheduler to run saved templates through the schedule function")
                // Confused-deputy guard: only schedules in this account may assume the role.
                .assumedBy(new ServicePrincipal(
                        SCHEDULER,
                        ServicePrincipalOpts.builder()
                                .conditions(Map.of(
                                        "StringEquals",
                                        Map.of(
                                                "aws:SourceAccount",
                                                Stack.of(this).getAccount())))
                                .build()))
                .build();
    }

    /** The group's name, which CloudFormation chose (Ref). */
    public String groupName() {
        return group.getRef();
    }

    public IRole invokeRole() {
        return invokeRole;
    }
}
