package io.comfyless.core.config;

import io.comfyless.contract.Table;
import io.comfyless.core.job.DynamoJobStore;
import io.comfyless.core.job.JobStore;
import io.comfyless.core.job.Lane;
import io.comfyless.core.queue.JobQueue;
import io.comfyless.core.queue.SqsJobQueue;
import io.comfyless.core.storage.S3BlobStore;
import io.comfyless.core.worker.DynamoWorkerRegistry;
import io.comfyless.core.worker.WorkerRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The one place ports are bound to their AWS adapters. The API, the runner, the reaper and the
 * local stack all take their stores and queues from here, so a store decorator added here (events,
 * counters) applies to every writer alike.
 */
public final class Adapters {

    private final RuntimeConfig config;
    private final AwsClients aws;

    public Adapters(RuntimeConfig config, AwsClients aws) {
        this.config = config;
        this.aws = aws;
    }

    public RuntimeConfig config() {
        return config;
    }

    public AwsClients aws() {
        return aws;
    }

    public JobStore jobStore() {
        return new DynamoJobStore(aws.dynamo(), config.table(Table.JOBS));
    }

    public JobQueue jobQueue() {
        Map<Lane, String> lanes = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            lanes.put(lane, config.queueUrl(lane.queue()));
        }
        return new SqsJobQueue(aws.sqs(), lanes);
    }

    public S3BlobStore blobStore() {
        return new S3BlobStore(aws.s3(), aws.presigner(), config.bucket());
    }

    public WorkerRegistry workers() {
        return new DynamoWorkerRegistry(aws.dynamo(), config.table(Table.WORKERS));
    }
}
