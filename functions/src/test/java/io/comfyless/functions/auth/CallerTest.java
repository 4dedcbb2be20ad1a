package io.comfyless.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comfyless.core.error.ForbiddenException;
import io.comfyless.core.job.ExecutionConfig;
import io.comfyless.core.tenant.Scope;
import io.comfyless.core.tenant.Tier;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    private final Caller reader = new Caller(
            "acme", Optional.of(Tier.BASIC), Set.of(Scope.WORKFLOWS_READ), Optional.of("key_1"), Optional.empty());

    @Test
    void aMissingScopeIsForbiddenNamingIt() {
        assertThat(reader.require(Scope.WORKFLOWS_READ)).isSameAs(reader);
        assertThatThrownBy(() -> reader.require(Scope.WORKFLOWS_WRITE))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("workflows:write");
    }

    @Test
    void theTierCapsTheExecutionTimeout() {
        assertThat(reader.timeoutLimit()).isEqualTo(Duration.ofSeconds(300));
        assertThat(Caller.LOCAL.timeoutLimit()).isEqualTo(ExecutionConfig.MAX_TIMEOUT);
    }

    @Test
    void theLocalCallerMayDoEverythingWithoutLimits() {
        assertThat(Caller.LOCAL.scopes()).containsExactlyInAnyOrder(Scope.values());
        assertThat(Caller.LOCAL.tier()).isEmpty();
        assertThat(Caller.LOCAL.tenantId()).isEqualTo("default");
    }
}
