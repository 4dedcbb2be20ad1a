package io.comfyless.core.job;

import io.comfyless.contract.Table;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.aws.LocalResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The {@link JobStoreTest} contract on {@link DynamoJobStore}, against the AWS emulator. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamoJobStoreIT extends JobStoreTest {

    private AwsClients aws;
    private JobStore store;
    private String table;

    /** Where the tables are: the default emulator; {@link DynamoJobStoreLocalStackIT} says LocalStack. */
    protected LocalResources resources() {
        return AwsEmulator.freshResources();
    }

    @BeforeAll
    void provision() {
        RuntimeConfig config = RuntimeConfig.from(resources().environment()::get);
        aws = new AwsClients(config);
        table = config.table(Table.JOBS);
        store = new DynamoJobStore(aws.dynamo(), table);
    }

    @AfterAll
    void close() {
        if (aws != null) {
            aws.close();
        }
    }

    @Override
    protected JobStore store() {
        return store;
    }

    @Override
    protected JobStore anotherProcess() {
        return new DynamoJobStore(aws.dynamo(), table);
    }
}
