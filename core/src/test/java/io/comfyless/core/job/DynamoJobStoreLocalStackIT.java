package io.comfyless.core.job;

import io.comfyless.core.LocalStackAws;
import io.comfyless.testkit.aws.LocalResources;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link DynamoJobStoreIT} on LocalStack, when Docker and {@code LOCALSTACK_AUTH_TOKEN} are there. */
@ExtendWith(LocalStackAws.Required.class)
class DynamoJobStoreLocalStackIT extends DynamoJobStoreIT {

    @Override
    protected LocalResources resources() {
        return LocalStackAws.freshResources();
    }
}
