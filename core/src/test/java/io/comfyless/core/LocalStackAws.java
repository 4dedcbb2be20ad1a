package io.comfyless.core;

import io.comfyless.testkit.aws.LocalResources;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack in a container (Testcontainers' LocalStack module), for running the AWS adapters'
 * tests there as well as on the default emulator. LocalStack's image asks for an auth token, taken
 * from {@code LOCALSTACK_AUTH_TOKEN}; without Docker or without a token the tests that ask for it
 * are skipped, saying which is missing ({@link Required} on the test class). {@code LOCALSTACK_IMAGE}
 * picks another image. One container serves the whole test JVM.
 */
public final class LocalStackAws {

    /** Skips every test of the class it is on, with the reason, when LocalStack cannot run here. */
    public static final class Required implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return missing()
                    .map(why -> ConditionEvaluationResult.disabled("LocalStack run skipped: " + why))
                    .orElse(ConditionEvaluationResult.enabled("Docker and a LocalStack auth token are present"));
        }
    }

    static final String TOKEN_VARIABLE = "LOCALSTACK_AUTH_TOKEN";
    private static final String DEFAULT_IMAGE = "localstack/localstack:latest";

    private static LocalStackContainer container;

    private LocalStackAws() {}

    /** Every resource the stack defines, freshly named, in LocalStack; skips the calling test when it cannot run. */
    public static synchronized LocalResources freshResources() {
        Optional<String> missing = missing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "LocalStack run skipped: " + missing.orElseThrow());
        if (container == null) {
            String image =
                    Optional.ofNullable(System.getenv("LOCALSTACK_IMAGE")).orElse(DEFAULT_IMAGE);
            container = new LocalStackContainer(
                            DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"))
                    .withEnv(TOKEN_VARIABLE, System.getenv(TOKEN_VARIABLE));
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "localstack-stop"));
        }
        return LocalResources.provision(
                container.getEndpoint(), "ls" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Why LocalStack cannot run here, if it cannot. */
    static Optional<String> missing() {
        String token = System.getenv(TOKEN_VARIABLE);
        if (token == null || token.isBlank()) {
            return Optional.of(TOKEN_VARIABLE + " is not set (LocalStack's image requires an auth token)");
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return Optional.of("no Docker engine is reachable");
        }
        return Optional.empty();
    }
}
