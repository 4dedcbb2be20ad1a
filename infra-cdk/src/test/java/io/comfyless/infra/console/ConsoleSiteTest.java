package io.comfyless.infra.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.infra.Resources;
import io.comfyless.infra.SynthesizedStack;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class ConsoleSiteTest {

    private final SynthesizedStack synthesized = SynthesizedStack.withDefaults();
    private final Template template = synthesized.template();

    private Map<String, Object> distribution() {
        return Resources.map(Resources.properties(template, "AWS::CloudFront::Distribution", "ConsoleDistribution")
                .get("DistributionConfig"));
    }

    private String distributionId() {
        return Resources.idOf(template, "AWS::CloudFront::Distribution", "ConsoleDistribution");
    }

    private String bucketId() {
        return Resources.idOf(template, "AWS::S3::Bucket", "ConsoleFiles");
    }

    @Test
    void theFilesLiveInAPrivateEncryptedBucketWithAccessLogs() {
        Map<String, Object> bucket = Resources.properties(template, "AWS::S3::Bucket", "ConsoleFiles");

        assertThat(bucket.get("PublicAccessBlockConfiguration"))
                .isEqualTo(Map.of(
                        "BlockPublicAcls", true,
                        "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true,
                        "RestrictPublicBuckets", true));
        assertThat(bucket).containsKey("BucketEncryption").containsKey("LoggingConfiguration");
        assertThat(bucket).doesNotContainKey("WebsiteConfiguration");
    }

    @Test
    void cloudFrontReadsTheBucketThroughOriginAccessControlAndNothingElseMay() {
        Map<String, Object> oac =
                Resources.map(Resources.propertiesOf(Resources.ofType(template, "AWS::CloudFront::OriginAccessControl")
                                .values()
                                .iterator()
                                .next())
                        .get("OriginAccessControlConfig"));
        Map<String, Object> origin =
                Resources.map(Resources.list(distribution().get("Origins")).get(0));
        List<Object> statements = Resources.list(
                Resources.map(Resources.properties(template, "AWS::S3::BucketPolicy", "ConsoleFilesPolicy")
                                .get("PolicyDocument"))
                        .get("Statement"));

        assertThat(Resources.ofType(template, "AWS::CloudFront::OriginAccessControl"))
                .hasSize(1);
        assertThat(oac)
                .containsEntry("OriginAccessControlOriginType", "s3")
                .containsEntry("SigningBehavior", "always")
                .containsEntry("SigningProtocol", "sigv4");
        assertThat(origin.get("OriginAccessControlId"))
                .isEqualTo(Resources.getAtt(
                        Resources.ofType(template, "AWS::CloudFront::OriginAccessControl")
                                .keySet()
                                .iterator()
                                .next(),
                        "Id"));
        assertThat(origin.get("DomainName")).isEqualTo(Resources.getAtt(bucketId(), "RegionalDomainName"));
        assertThat(Resources.ofType(template, "AWS::CloudFront::CloudFrontOriginAccessIdentity"))
                .isEmpty();
        assertThat(statements)
                .map(Resources::map)
                .filteredOn(statement -> "Allow".equals(statement.get("Effect")))
                .singleElement()
                .satisfies(allow -> {
                    assertThat(allow.get("Principal")).isEqualTo(Map.of("Service", "cloudfront.amazonaws.com"));
                    assertThat(allow.get("Action")).isEqualTo("s3:GetObject");
                    assertThat(allow.get("Condition").toString()).contains("AWS:SourceArn", distributionId());
                });
    }

    @Test
    void theDistributionServesOnlyHttpsReadsWithTheConsolesSecurityHeaders() {
        Map<String, Object> pages = Resources.map(distribution().get("DefaultCacheBehavior"));
        Map<String, Object> assets = Resources.map(
                Resources.list(distribution().get("CacheBehaviors")).get(0));
        Map<String, Object> pageHeaders = Resources.map(
                Resources.properties(template, "AWS::CloudFront::ResponseHeadersPolicy", "ConsolePagesHeaders")
                        .get("ResponseHeadersPolicyConfig"));

        assertThat(distribution()).containsEntry("DefaultRootObject", "index.html");
        assertThat(pages)
                .containsEntry("ViewerProtocolPolicy", "redirect-to-https")
                .containsEntry("AllowedMethods", List.of("GET", "HEAD"));
        assertThat(assets).containsEntry("PathPattern", ConsoleSite.ASSETS_PATH);
        assertThat(pageHeaders.toString())
                .contains(ConsoleSite.CONTENT_SECURITY_POLICY, "DENY", "no-referrer", "Cache-Control", "no-cache");
        assertThat(Resources.properties(template, "AWS::CloudFront::ResponseHeadersPolicy", "ConsoleAssetsHeaders")
                        .toString())
                .contains(ConsoleSite.IMMUTABLE);
    }

    @Test
    void aDeploymentWritesConfigJsonNamingTheApiAndTheLiveChannelAndInvalidatesIt() throws Exception {
        Map<String, Object> deployment =
                Resources.propertiesOf(Resources.ofType(template, "Custom::CDKBucketDeployment")
                        .values()
                        .iterator()
                        .next());

        assertThat(deployment.get("DestinationBucketName")).isEqualTo(Resources.ref(bucketId()));
        assertThat(deployment.get("DistributionId")).isEqualTo(Resources.ref(distributionId()));
        assertThat(Resources.list(deployment.get("DistributionPaths"))).contains("/config.json", "/index.html");
        assertThat(deployment.get("SourceMarkers").toString())
                .contains("HttpHttpApi", "execute-api", "LiveWebSocketApi", "wss://");
        // Both URLs are markers that the deployment replaces with the quoted URLs (see SourceMarkers).
        assertThat(configJson(Resources.list(deployment.get("SourceObjectKeys")))
                        .replaceAll("\\s", ""))
                .as("the console follows jobs over the live channel")
                .matches("\\{\"apiUrl\":<<marker:[^>]+>>,\"websocketUrl\":<<marker:[^>]+>>}");
    }

    @Test
    void theApiAllowsTheConsolesOriginAndTheStackNamesItsUrl() {
        Map<String, Object> cors = Resources.map(Resources.ofType(template, "AWS::ApiGatewayV2::Api").values().stream()
                .map(Resources::propertiesOf)
                .filter(api -> "HTTP".equals(api.get("ProtocolType")))
                .findFirst()
                .orElseThrow()
                .get("CorsConfiguration"));
        Object consoleOrigin =
                Map.of("Fn::Join", List.of("", List.of("https://", Resources.getAtt(distributionId(), "DomainName"))));

        assertThat(Resources.list(cors.get("AllowOrigins"))).containsExactly(consoleOrigin);
        assertThat(Resources.map(template.toJSON().get("Outputs"))).containsKey("ConsoleUrl");
    }

    /** The staged asset that carries config.json: a zip, or a directory, in the cloud assembly. */
    private String configJson(List<Object> objectKeys) throws Exception {
        for (Object key : objectKeys) {
            String hash = key.toString().replace(".zip", "");
            Path staged = synthesized.assemblyDirectory().resolve("asset." + hash);
            if (Files.isRegularFile(staged.resolve(ConsoleSite.CONFIG_FILE))) {
                return Files.readString(staged.resolve(ConsoleSite.CONFIG_FILE));
            }
            Path zip = synthesized.assemblyDirectory().resolve("asset." + hash + ".zip");
            if (Files.isRegularFile(zip)) {
                try (InputStream in = Files.newInputStream(zip);
                        ZipInputStream entries = new ZipInputStream(in)) {
                    for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                        if (entry.getName().equals(ConsoleSite.CONFIG_FILE)) {
                            return new String(entries.readAllBytes(), StandardCharsets.UTF_8);
                        }
                    }
                }
            }
        }
        throw new AssertionError("no staged asset holds " + ConsoleSite.CONFIG_FILE + " among " + objectKeys);
    }
}
