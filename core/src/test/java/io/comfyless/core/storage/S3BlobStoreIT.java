package io.comfyless.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.aws.LocalResources;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@link BlobStoreTest} contract on {@link S3BlobStore} against the AWS emulator, plus what
 * only S3 does: content types kept with the object, presigned links that work without credentials.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3BlobStoreIT extends BlobStoreTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private AwsClients aws;
    private S3BlobStore store;

    /** Where the bucket is: the default emulator; {@link S3BlobStoreLocalStackIT} says LocalStack. */
    protected LocalResources resources() {
        return AwsEmulator.freshResources();
    }

    @BeforeAll
    void provision() {
        RuntimeConfig config = RuntimeConfig.from(resources().environment()::get);
        aws = new AwsClients(config);
        store = new S3BlobStore(aws.s3(), aws.presigner(), config.bucket());
    }

    @AfterAll
    void close() {
        if (aws != null) {
            aws.close();
        }
    }

    @Override
    protected BlobStore store() {
        return store;
    }

    @Test
    void keepsTheContentTypeWithTheObject() {
        store.put("outputs/x/2/a.txt", new byte[] {1}, "text/plain");

        assertThat(aws.s3()
                        .headObject(r -> r.bucket(store.bucket()).key("outputs/x/2/a.txt"))
                        .contentType())
                .isEqualTo("text/plain");
    }

    @Test
    void aPutReportsTheETagTheStoreGaveTheObject() {
        StoredObject small = store.put("outputs/x/1/e.txt", new byte[] {1, 2}, "text/plain");
        StoredObject big = store.put(
                "outputs/x/1/e.bin", new ByteArrayInputStream(new byte[S3BlobStore.PART_SIZE + 1]), "text/plain");

        assertThat(small.etag())
                .isEqualTo(aws.s3()
                        .headObject(r -> r.bucket(store.bucket()).key("outputs/x/1/e.txt"))
                        .eTag());
        assertThat(big.etag())
                .isEqualTo(aws.s3()
                        .headObject(r -> r.bucket(store.bucket()).key("outputs/x/1/e.bin"))
                        .eTag());
    }

    @Test
    void presignedLinksDownloadAndUploadWithoutCredentials() throws Exception {
        store.put("outputs/y/1/pic.png", new byte[] {1, 2, 3}, "image/png");

        var download = http.send(
                HttpRequest.newBuilder(
                                store.presignGet("outputs/y/1/pic.png", Duration.ofMinutes(5), Optional.of("pic.png"))
                                        .toURI())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        var upload = http.send(
                HttpRequest.newBuilder(store.presignPut("inputs/t/f1/in.png", Duration.ofMinutes(5), "image/png")
                                .toURI())
                        .header("Content-Type", "image/png")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {9}))
                        .build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).containsExactly(1, 2, 3);
        assertThat(download.headers().firstValue("content-disposition")).hasValue("attachment; filename=\"pic.png\"");
        assertThat(upload.statusCode()).isEqualTo(200);
        assertThat(store.get("inputs/t/f1/in.png")).hasValue(new byte[] {9});
    }
}
