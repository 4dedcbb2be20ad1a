package io.comfyless.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comfyless.core.error.ValidationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TierTest {

    @Test
    void limitsAreSeed002s() {
        assertThat(Tier.BASIC.maxConcurrentExecutions()).isEqualTo(3);
        assertThat(Tier.BASIC.maxQueueSize()).isEqualTo(10);
        assertThat(Tier.BASIC.timeoutLimit()).isEqualTo(Duration.ofSeconds(300));
        assertThat(Tier.BASIC.requestsPerMinute()).isEqualTo(10);
        assertThat(Tier.BASIC.burstAllowance()).isEqualTo(5);
        assertThat(Tier.PRO.maxConcurrentExecutions()).isEqualTo(10);
        assertThat(Tier.PRO.maxQueueSize()).isEqualTo(50);
        assertThat(Tier.PRO.timeoutLimit()).isEqualTo(Duration.ofSeconds(1800));
        assertThat(Tier.PRO.requestsPerMinute()).isEqualTo(60);
        assertThat(Tier.PRO.burstAllowance()).isEqualTo(20);
        assertThat(Tier.ENTERPRISE.maxConcurrentExecutions()).isEqualTo(100);
        assertThat(Tier.ENTERPRISE.maxQueueSize()).isEqualTo(1000);
        assertThat(Tier.ENTERPRISE.timeoutLimit()).isEqualTo(Duration.ofSeconds(3600));
        assertThat(Tier.ENTERPRISE.requestsPerMinute()).isEqualTo(300);
        assertThat(Tier.ENTERPRISE.burstAllowance()).isEqualTo(100);
    }

    @Test
    void aWindowAdmitsTheRatePlusTheBurst() {
        assertThat(Tier.BASIC.requestsPerWindow()).isEqualTo(15);
        assertThat(Tier.ENTERPRISE.requestsPerWindow()).isEqualTo(400);
    }

    @Test
    void aTenantMayHaveItsRunningAndItsQueuedJobsUnfinished() {
        assertThat(Tier.BASIC.maxUnfinishedJobs()).isEqualTo(13);
        assertThat(Tier.PRO.maxUnfinishedJobs()).isEqualTo(60);
    }

    @Test
    void parsesWireNamesAndRefusesOthersNamingTheField() {
        assertThat(Tier.parse(" Pro ", "tier")).isEqualTo(Tier.PRO);
        assertThat(Tier.fromWire("enterprise")).contains(Tier.ENTERPRISE);
        assertThatThrownBy(() -> Tier.parse("gold", "tier"))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(
                                ((ValidationException) e).details().get(0).field())
                        .isEqualTo("tier"));
    }
}
