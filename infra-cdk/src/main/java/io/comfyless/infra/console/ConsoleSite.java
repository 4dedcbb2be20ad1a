package io.comfyless.infra.console;

import io.comfyless.infra.Nag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.ICachePolicy;
import software.amazon.awscdk.services.cloudfront.IOrigin;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeader;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.assets.AssetOptions;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The web console: its built files in a private bucket, served only through a CloudFront
 * distribution that reads the bucket with origin access control (no public access, no website
 * endpoint), plus a {@code config.json} written at deploy time that names the API and its live
 * channel. Nothing runs while nobody looks: the idle cost is the storage of a few hundred kilobytes.
 * The distribution's origin is the one browser origin the API allows (see {@code ComfyLessStack}).
 */
public final class ConsoleSite extends Construct {

    /** Read by the console at start-up ({@code console/src/config.ts}); the build ships an empty one for the local stack. */
    static final String CONFIG_FILE = "config.json";

    /** Vite's hashed file names: a new build means new names, so these may be cached for good. */
    static final String ASSETS_PATH = "/assets/*";

    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    /**
     * The console's own code only; API calls, the live channel and output images (presigned S3
     * links) go to other https/wss origins.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data: blob: https:; connect-src 'self' https: wss:; frame-ancestors 'none';"
            + " base-uri 'self'; form-action 'self'; object-src 'none'";

    private final Bucket bucket;
    private final Distribution distribution;
    private final Path siteDirectory;

    public ConsoleSite(
            Construct scope, String id, Path siteDirectory, IBucket accessLogs, RemovalPolicy removalPolicy) {
        super(scope, id);
        if (!Files.isRegularFile(siteDirectory.resolve("index.html"))) {
            throw new IllegalArgumentException("No built console at " + siteDirectory
                    + ". Build it first with `./mvnw -pl console package` (needs Node.js and npm),"
                    + " or pass -c consoleDirectory=<path>.");
        }
        this.siteDirectory = siteDirectory;
        bucket = Bucket.Builder.create(this, "Files")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .encryption(BucketEncryption.S3_MANAGED)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("console-bucket/")
                .removalPolicy(removalPolicy)
                .build();

        IOrigin origin = S3BucketOrigin.withOriginAccessControl(bucket);
        distribution = Distribution.Builder.create(this, "Distribution")
                .comment("ComfyLess console")
                .defaultRootObject("index.html")
                .priceClass(PriceClass.PRICE_CLASS_100)
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .defaultBehavior(behavior(origin, CachePolicy.CACHING_DISABLED, headers("Pages", "no-cache")))
                .additionalBehaviors(Map.of(
                        ASSETS_PATH, behavior(origin, CachePolicy.CACHING_OPTIMIZED, headers("Assets", IMMUTABLE))))
                .build();
        suppressFindings();
    }

    /** {@code https://d1234abcd.cloudfront.net}: where browsers load the console from. */
    public String origin() {
        return "https://" + distribution.getDistributionDomainName();
    }

    public String url() {
        return origin() + "/";
    }

    public IBucket bucket() {
        return bucket;
    }

    public Distribution distribution() {
        return distribution;
    }

    /**
     * Uploads the site and its {@code config.json}, then drops the distribution's cached pages.
     *
     * @param websocketUrl the live channel; empty makes the console poll the API
     */
    public void publish(String apiUrl, Optional<String> websocketUrl) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("apiUrl", apiUrl);
        // Left out when there is none (the console then polls); JSON null would not survive jsii anyway.
        websocketUrl.ifPresent(url -> config.put("websocketUrl", url));
        BucketDeployment.Builder.create(this, "Publish")
                .destinationBucket(bucket)
                .sources(List.of(
                        Source.asset(
                                siteDirectory.toString(),
                                AssetOptions.builder()
                                        .exclude(List.of(CONFIG_FILE))
                                        .build()),
                        Source.jsonData(CONFIG_FILE, config)))
                .distribution(distribution)
                .distributionPaths(List.of("/index.html", "/" + CONFIG_FILE))
                .memoryLimit(256)
                .build();
        suppressDeploymentFindings();
    }

    /**
     * BucketDeployment runs one handler function per stack (a singleton beside this construct, not
     * under it); its findings are CDK's, and the handler runs only while a deployment does.
     */
    private void suppressDeploymentFindings() {
        IConstruct handler = Stack.of(this).getNode().getChildren().stream()
                .filter(child -> child.getNode().getId().startsWith("Custom::CDKBucketDeployment"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("BucketDeployment created no handler"));
        Nag.suppress(
                handler,
                "AwsSolutions-IAM4",
                "CDK's BucketDeployment handler runs with the AWS-managed basic execution role (CloudWatch"
                        + " Logs only), and only while a deployment runs.",
                "^Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole$");
        Nag.suppress(
                handler,
                "AwsSolutions-IAM5",
                "BucketDeployment copies the console's files from CDK's asset bucket into the console bucket"
                        + " and invalidates the distribution (CloudFront invalidations take no resource ARN):"
                        + " object-level wildcards on those two buckets only, granted by CDK.",
                "^Action::s3:(GetObject|GetBucket|List|DeleteObject|Abort)\\*$",
                "^Resource::arn:<AWS::Partition>:s3:::cdk-[a-z0-9]+-assets-<AWS::AccountId>-<AWS::Region>/\\*$",
                "^Resource::<ConsoleFiles[0-9A-F]{8}\\.Arn>/\\*$",
                "^Resource::\\*$");
        Nag.suppress(
                handler,
                "AwsSolutions-L1",
                "The runtime of CDK's own BucketDeployment handler is fixed by the CDK version in use.");
    }

    private static BehaviorOptions behavior(IOrigin origin, ICachePolicy cache, ResponseHeadersPolicy headers) {
        return BehaviorOptions.builder()
                .origin(origin)
                .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                .allowedMethods(AllowedMethods.ALLOW_GET_HEAD)
                .cachePolicy(cache)
                .responseHeadersPolicy(headers)
                .compress(true)
                .build();
    }

    /** The same security headers the local stack sends, and how long browsers may keep the files. */
    private ResponseHeadersPolicy headers(String id, String cacheControl) {
        return ResponseHeadersPolicy.Builder.create(this, id + "Headers")
                .comment("ComfyLess console: security headers, Cache-Control " + cacheControl)
                .securityHeadersBehavior(ResponseSecurityHeadersBehavior.builder()
                        .contentSecurityPolicy(ResponseHeadersContentSecurityPolicy.builder()
                                .contentSecurityPolicy(CONTENT_SECURITY_POLICY)
                                .override(true)
                                .build())
                        .contentTypeOptions(ResponseHeadersContentTypeOptions.builder()
                                .override(true)
                                .build())
                        .frameOptions(ResponseHeadersFrameOptions.builder()
                                .frameOption(HeadersFrameOption.DENY)
                                .override(true)
                                .build())
                        .referrerPolicy(ResponseHeadersReferrerPolicy.builder()
                                .referrerPolicy(HeadersReferrerPolicy.NO_REFERRER)
                                .override(true)
                                .build())
                        .strictTransportSecurity(ResponseHeadersStrictTransportSecurity.builder()
                                .accessControlMaxAge(Duration.days(365))
                                .includeSubdomains(true)
                                .override(true)
                                .build())
                        .build())
                .customHeadersBehavior(ResponseCustomHeadersBehavior.builder()
                        .customHeaders(List.of(ResponseCustomHeader.builder()
                                .header("Cache-Control")
                                .value(cacheControl)
                                .override(true)
                                .build()))
                        .build())
                .build();
    }

    private void suppressFindings() {
        Nag.suppress(
                distribution,
                "AwsSolutions-CFR1",
                "The console is a public sign-in page for the API, which is reachable from everywhere anyway;"
                        + " restricting countries is the operator's choice, not a default.");
        Nag.suppress(
                distribution,
                "AwsSolutions-CFR2",
                "Static files only, with no server-side code to attack; a web ACL would add a monthly cost"
                        + " to a stack that costs nothing while idle. The API has its own throttling.");
        Nag.suppress(
                distribution,
                "AwsSolutions-CFR3",
                "Static files only: every request that matters is an API call, logged by API Gateway's access"
                        + " logs. CloudFront's standard logs need a bucket with ACLs, which this stack never"
                        + " enables; the console bucket itself has S3 access logs.");
        Nag.suppress(
                distribution,
                "AwsSolutions-CFR4",
                "The distribution uses CloudFront's default *.cloudfront.net certificate, whose minimum TLS"
                        + " version cannot be raised; a custom domain with its own certificate can (TLSv1.2_2021).");
    }
}
