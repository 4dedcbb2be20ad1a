package io.comfyless.infra.data;

import static io.comfyless.infra.Resources.list;
import static io.comfyless.infra.Resources.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Bucket;
import io.comfyless.infra.Resources;
import io.comfyless.infra.SynthesizedStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class DataBucketTest {

    private static final String BUCKET = "AWS::S3::Bucket";
    private final Template template = SynthesizedStack.withDefaults().template();

    private Map<String, Object> dataBucket() {
        return Resources.properties(template, BUCKET, "Data" + Bucket.LOGICAL_ID);
    }

    private String dataBucketId() {
        return Resources.idOf(template, BUCKET, "Data" + Bucket.LOGICAL_ID);
    }

    @Test
    void blocksAllPublicAccess() {
        Resources.ofType(template, BUCKET)
                .values()
                .forEach(bucket -> assertThat(Resources.propertiesOf(bucket).get("PublicAccessBlockConfiguration"))
                        .isEqualTo(Map.of(
                                "BlockPublicAcls",
                                true,
                                "BlockPublicPolicy",
                                true,
                                "IgnorePublicAcls",
                                true,
                                "RestrictPublicBuckets",
                                true)));
    }

    @Test
    void deniesEveryRequestWithoutTls() {
        template.hasResourceProperties(
                "AWS::S3::BucketPolicy",
                Match.objectLike(Map.of(
                        "Bucket", Resources.ref(dataBucketId()),
                        "PolicyDocument",
                                Match.objectLike(Map.of(
                                        "Statement",
                                        Match.arrayWith(List.of(Match.objectLike(Map.of(
                                                "Effect", "Deny",
                                                "Action", "s3:*",
                                                "Condition",
                                                        Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
    }

    @Test
    void encryptsWithS3ManagedKeysAndKeepsNoVersions() {
        assertThat(dataBucket().get("BucketEncryption"))
                .isEqualTo(Map.of(
                        "ServerSideEncryptionConfiguration",
                        List.of(Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))));
        assertThat(dataBucket()).doesNotContainKey("VersioningConfiguration");
    }

    @Test
    void expiresInputsOutputsPreviewsAndTempFilesAfterTheContractRetentionAndAbortsStaleUploads() {
        List<Object> rules =
                list(map(dataBucket().get("LifecycleConfiguration")).get("Rules"));

        assertThat(rules)
                .contains(
                        Map.of(
                                "Id",
                                "expire-inputs",
                                "Prefix",
                                Bucket.INPUTS_PREFIX,
                                "ExpirationInDays",
                                (int) Bucket.INPUT_RETENTION.toDays(),
                                "Status",
                                "Enabled"),
                        Map.of(
                                "Id",
                                "expire-outputs",
                                "Prefix",
                                Bucket.OUTPUTS_PREFIX,
                                "ExpirationInDays",
                                (int) Bucket.OUTPUT_RETENTION.toDays(),
                                "Status",
                                "Enabled"),
                        Map.of(
                                "Id",
                                "expire-temp",
                                "Prefix",
                                Bucket.TEMP_PREFIX,
                                "ExpirationInDays",
                                (int) Bucket.TEMP_RETENTION.toDays(),
                                "Status",
                                "Enabled"),
                        Map.of(
                                "Id",
                                "expire-previews",
                                "Prefix",
                                Bucket.PREVIEWS_PREFIX,
                                "ExpirationInDays",
                                (int) Bucket.PREVIEW_RETENTION.toDays(),
                                "Status",
                                "Enabled"),
                        Map.of(
                                "Id",
                                "abort-incomplete-multipart-uploads",
                                "AbortIncompleteMultipartUpload",
                                Map.of("DaysAfterInitiation", 1),
                                "Status",
                                "Enabled"));
    }

    @Test
    void keepsModelsUntilTheyAreDeleted() {
        assertThat(list(map(dataBucket().get("LifecycleConfiguration")).get("Rules")))
                .noneSatisfy(rule -> assertThat(map(rule).get("Prefix")).isEqualTo(Bucket.MODELS_PREFIX));
    }

    @Test
    void allowsNoBrowserOriginUnlessOriginsAreGiven() {
        assertThat(dataBucket()).doesNotContainKey("CorsConfiguration");
    }

    @Test
    void letsBrowsersOfTheAllowedOriginsPutToPresignedUrlsAndReadTheETagOfEachPart() {
        Map<String, Object> custom = Resources.properties(
                SynthesizedStack.withCustomSettings().template(), BUCKET, "Data" + Bucket.LOGICAL_ID);
        Map<String, Object> rule =
                map(list(map(custom.get("CorsConfiguration")).get("CorsRules")).get(0));

        assertThat(rule.get("AllowedOrigins"))
                .isEqualTo(List.of("https://app.example.com", "https://admin.example.com"));
        assertThat(list(rule.get("AllowedMethods"))).contains("PUT");
        assertThat(list(rule.get("ExposedHeaders"))).contains("ETag");
    }

    @Test
    void sendsObjectEventsToEventBridgeWithoutACustomResource() {
        assertThat(dataBucket().get("NotificationConfiguration"))
                .isEqualTo(Map.of("EventBridgeConfiguration", Map.of("EventBridgeEnabled", true)));
        assertThat(Resources.ofType(template, "Custom::S3BucketNotifications")).isEmpty();
    }

    @Test
    void writesServerAccessLogsToTheSeparateLogBucket() {
        String logBucket = Resources.idOf(template, BUCKET, "DataAccessLogs");

        assertThat(map(dataBucket().get("LoggingConfiguration")).get("DestinationBucketName"))
                .isEqualTo(Resources.ref(logBucket));
    }

    @Test
    void bucketsAreRetainedUnlessDestroyOnRemovalIsSet() {
        Resources.ofType(template, BUCKET)
                .values()
                .forEach(bucket -> assertThat(bucket.get("DeletionPolicy")).isEqualTo("Retain"));
        Resources.ofType(SynthesizedStack.withCustomSettings().template(), BUCKET)
                .values()
                .forEach(bucket -> assertThat(bucket.get("DeletionPolicy")).isEqualTo("Delete"));
    }
}
