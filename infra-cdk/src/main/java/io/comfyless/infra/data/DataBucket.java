package io.comfyless.infra.data;

import io.comfyless.contract.Bucket;
import io.comfyless.infra.Nag;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.CorsRule;
import software.amazon.awscdk.services.s3.HttpMethods;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The one data bucket (inputs, outputs, batches, models, previews, temp; layout in {@link Bucket}) and
 * the bucket that receives its server access logs and the VPC flow logs. Inputs, outputs, previews and
 * temp files expire by lifecycle rule, so storage does not grow without bound; models stay until deleted.
 * Browsers of the allowed origins may PUT to presigned URLs (input files, model upload parts).
 */
public final class DataBucket extends Construct {

    /** Access logs and flow logs are kept long enough to investigate an incident, then dropped. */
    static final Duration LOG_RETENTION = Duration.days(90);

    private final software.amazon.awscdk.services.s3.Bucket bucket;
    private final software.amazon.awscdk.services.s3.Bucket logBucket;

    /** Browsers cache a preflight answer this long. */
    static final Duration CORS_MAX_AGE = Duration.hours(1);

    public DataBucket(Construct scope, String id, List<String> allowedOrigins, RemovalPolicy removalPolicy) {
        super(scope, id);
        logBucket = software.amazon.awscdk.services.s3.Bucket.Builder.create(this, "AccessLogs")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .encryption(BucketEncryption.S3_MANAGED)
                // Log delivery writes with bucket-owner-enforced ownership through the bucket policy CDK adds.
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-logs")
                        .expiration(LOG_RETENTION)
                        .build()))
                .removalPolicy(removalPolicy)
                .build();
        Nag.suppress(
                logBucket,
                "AwsSolutions-S1",
                "This is the access-log destination itself; logging it would need yet another bucket (or recurse).");

        bucket = software.amazon.awscdk.services.s3.Bucket.Builder.create(this, Bucket.LOGICAL_ID)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .encryption(BucketEncryption.S3_MANAGED)
                // Outputs are deterministic per job and attempt and inputs are re-uploadable: versions would only cost.
                .versioned(false)
                .serverAccessLogsBucket(logBucket)
                .serverAccessLogsPrefix("data-bucket/")
                .lifecycleRules(List.of(
                        expire("expire-inputs", Bucket.INPUTS_PREFIX, Duration.days((int)
                                Bucket.INPUT_RETENTION.toDays())),
                        expire("expire-outputs", Bucket.OUTPUTS_PREFIX, Duration.days((int)
                                Bucket.OUTPUT_RETENTION.toDays())),
                        expire("expire-temp", Bucket.TEMP_PREFIX, Duration.days((int) Bucket.TEMP_RETENTION.toDays())),
                        expire("expire-previews", Bucket.PREVIEWS_PREFIX, Duration.days((int)
                                Bucket.PREVIEW_RETENTION.toDays())),
                        LifecycleRule.builder()
                                .id("abort-incomplete-multipart-uploads")
                                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                                .build()))
                .cors(allowedOrigins.isEmpty() ? null : List.of(browserUploads(allowedOrigins)))
                .removalPolicy(removalPolicy)
                .build();
        enableEventBridge(bucket);
    }

    public IBucket bucket() {
        return bucket;
    }

    public IBucket logBucket() {
        return logBucket;
    }

    /**
     * Browser PUTs to presigned URLs (input files, model upload parts) and GETs of presigned
     * downloads. Any request header: a presigned PUT dictates its own (content type, metadata,
     * encryption), and the signature, not CORS, is what guards the object. ETag is exposed because a
     * multipart upload is completed with the ETag of every part.
     */
    private static CorsRule browserUploads(List<String> allowedOrigins) {
        return CorsRule.builder()
                .id("browser-presigned-transfers")
                .allowedOrigins(allowedOrigins)
                .allowedMethods(List.of(HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD))
                .allowedHeaders(List.of("*"))
                .exposedHeaders(List.of("ETag"))
                .maxAge((int) CORS_MAX_AGE.toSeconds())
                .build();
    }

    private static LifecycleRule expire(String id, String prefix, Duration after) {
        return LifecycleRule.builder().id(id).prefix(prefix).expiration(after).build();
    }

    /**
     * Sends every object event to EventBridge (the batch trigger listens there). Set on the bucket
     * resource itself: the L2 {@code eventBridgeEnabled} flag deploys a notifications custom
     * resource (an extra Lambda with {@code s3:PutBucketNotification} on {@code *}) for a setting
     * CloudFormation supports natively.
     */
    private static void enableEventBridge(software.amazon.awscdk.services.s3.Bucket bucket) {
        CfnBucket cfnBucket = (CfnBucket) bucket.getNode().getDefaultChild();
        cfnBucket.setNotificationConfiguration(CfnBucket.NotificationConfigurationProperty.builder()
                .eventBridgeConfiguration(CfnBucket.EventBridgeConfigurationProperty.builder()
                        .eventBridgeEnabled(true)
                        .build())
                .build());
    }
}
