package io.comfyless.core.queue;

import io.comfyless.core.LocalStackAws;
import io.comfyless.testkit.aws.LocalResources;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SqsJobQueueIT} on LocalStack, when Docker and {@code LOCALSTACK_AUTH_TOKEN} are there. */
@ExtendWith(LocalStackAws.Required.class)
class SqsJobQueueLocalStackIT extends SqsJobQueueIT {

    @Override
    protected LocalResources resources() {
        return LocalStackAws.freshResources();
    }
}
