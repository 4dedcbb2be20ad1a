package io.comfyless.infra.events;

import static io.comfyless.infra.Resources.list;
import static io.comfyless.infra.Resources.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Schedules;
import io.comfyless.infra.Resources;
import io.comfyless.infra.SynthesizedStack;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class WorkflowSchedulesTest {

    private final Template template = SynthesizedStack.withDefaults().template();

    private Stream<Map<String, Object>> statementsOf(String policyPath) {
        return list(map(Resources.properties(template, "AWS::IAM::Policy", policyPath)
                                .get("PolicyDocument"))
                        .get("Statement"))
                .stream()
                .map(Resources::map);
    }

    private String invokeRoleId() {
        return Resources.idOf(template, "AWS::IAM::Role", "SchedulesInvokeRole");
    }

    @Test
    void schedulesLiveInTheirOwnGroup() {
        assertThat(Resources.ofType(template, "AWS::Scheduler::ScheduleGroup")).hasSize(1);
        Resources.idOf(template, "AWS::Scheduler::ScheduleGroup", "Schedules" + Schedules.GROUP_LOGICAL_ID);
    }

    @Test
    void theInvokeRoleIsForSchedulerInThisAccountAndMayInvokeOnlyTheScheduleAlias() {
        Map<String, Object> trust = map(list(map(Resources.properties(template, "AWS::IAM::Role", "SchedulesInvokeRole")
                                .get("AssumeRolePolicyDocument"))
                        .get("Statement"))
                .get(0));
        assertThat(trust.get("Principal")).isEqualTo(Map.of("Service", "scheduler.amazonaws.com"));
        assertThat(map(trust.get("Condition"))).containsKey("StringEquals");

        assertThat(statementsOf("SchedulesInvokeRoleDefaultPolicy"))
                .singleElement()
                .satisfies(statement -> {
                    assertThat(statement.get("Action")).isEqualTo("lambda:InvokeFunction");
                    assertThat(statement.get("Resource"))
                            .isEqualTo(Resources.ref(
                                    Resources.idOf(template, "AWS::Lambda::Alias", "FunctionsScheduleAlias")));
                });
    }

    @Test
    void theApiMayCreateAndDeleteSchedulesInTheGroupOnlyAndPassOnlyTheInvokeRoleToScheduler() {
        String group =
                Resources.idOf(template, "AWS::Scheduler::ScheduleGroup", "Schedules" + Schedules.GROUP_LOGICAL_ID);

        assertThat(statementsOf("FunctionsApiRoleDefaultPolicy")
                        .filter(s -> s.get("Action").toString().contains("scheduler:")))
                .singleElement()
                .satisfies(statement -> {
                    assertThat(statement.get("Action"))
                            .isEqualTo(List.of("scheduler:CreateSchedule", "scheduler:DeleteSchedule"));
                    assertThat(statement.get("Resource").toString())
                            .contains(":schedule/")
                            .contains("Ref=" + group)
                            .endsWith(", /*]]}");
                });
        assertThat(statementsOf("FunctionsApiRoleDefaultPolicy")
                        .filter(s -> "iam:PassRole".equals(s.get("Action")))
                        .filter(s -> s.toString().contains("scheduler.amazonaws.com")))
                .singleElement()
                .satisfies(statement -> {
                    assertThat(statement.get("Resource")).isEqualTo(Resources.getAtt(invokeRoleId(), "Arn"));
                    assertThat(statement.get("Condition"))
                            .isEqualTo(
                                    Map.of("StringEquals", Map.of("iam:PassedToService", "scheduler.amazonaws.com")));
                });
    }

    @Test
    void theGroupHasNoFixedNameAndIsDeletedWithTheStackEvenWhenDataIsRetained() {
        for (Template stack :
                List.of(template, SynthesizedStack.withCustomSettings().template())) {
            Map<String, Object> group = Resources.ofType(stack, "AWS::Scheduler::ScheduleGroup").values().stream()
                    .findFirst()
                    .orElseThrow();

            assertThat(map(group.getOrDefault("Properties", Map.of()))).doesNotContainKey("Name");
            assertThat(group.get("DeletionPolicy")).isEqualTo("Delete");
            assertThat(group.get("UpdateReplacePolicy")).isEqualTo("Delete");
        }
        assertThat(Resources.ofType(template, "AWS::DynamoDB::Table").values())
                .as("the default stack does retain its data")
                .allSatisfy(table -> assertThat(table.get("DeletionPolicy")).isEqualTo("Retain"));
    }

    @Test
    void noOtherPrincipalMayTouchSchedules() {
        Resources.ofType(template, "AWS::IAM::Policy").forEach((id, policy) -> {
            if (!id.startsWith("FunctionsApiRole")) {
                assertThat(Resources.propertiesOf(policy).toString())
                        .as(id)
                        .doesNotContain("scheduler:")
                        .doesNotContain("scheduler.amazonaws.com");
            }
        });
    }
}
