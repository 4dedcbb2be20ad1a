package io.comfyless.core.storage;

import io.comfyless.core.LocalStackAws;
import io.comfyless.testkit.aws.LocalResources;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link S3BlobStoreIT} on LocalStack, when Docker and {@code LOCALSTACK_AUTH_TOKEN} are there. */
@ExtendWith(LocalStackAws.Required.class)
class S3BlobStoreLocalStackIT extends S3BlobStoreIT {

    @Override
    protected LocalResources resources() {
        return LocalStackAws.freshResources();
    }
}
