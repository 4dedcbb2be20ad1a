package io.comfyless.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.testkit.aws.AwsEmulator;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class S3BlobStoreIT {

    private static AwsClients aws;
    private static S3BlobStore store;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void provision() {
        RuntimeConfig config = RuntimeConfig.from(AwsEmulator.freshResources().environment()::get);
        aws = new AwsClients(config);
        store = new S3BlobStore(aws.s3(), aws.presigner(), config.bucket());
    }

    @AfterAll
    static void close() {
        aws.close();
    }

    @Test
    void putsAndGetsBytesWithTheirContentTypeAndChecksum() throws Exception {
        byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);

        StoredObject stored = store.put("outputs/x/1/a.txt", bytes, "text/plain");

        assertThat(stored.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertThat(store.get("outputs/x/1/a.txt")).hasValue(bytes);
        assertThat(aws.s3()
                        .headObject(r -> r.bucket(store.bucket()).key("outputs/x/1/a.txt"))
                        .contentType())
                .isEqualTo("text/plain");
        assertThat(store.exists("outputs/x/1/a.txt")).isTrue();
        assertThat(store.exists("outputs/x/1/missing")).isFalse();
        assertThat(store.get("outputs/x/1/missing")).isEmpty();
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
    void streamsLargeObjectsAsMultipartUploads() throws Exception {
        byte[] big = new byte[S3BlobStore.PART_SIZE * 2 + 12345];
        new Random(7).nextBytes(big);

        StoredObject stored =
                store.put("outputs/x/1/big.bin", new ByteArrayInputStream(big), "application/octet-stream");

        assertThat(stored.sizeBytes()).isEqualTo(big.length);
        assertThat(stored.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(big)));
        assertThat(store.get("outputs/x/1/big.bin")).hasValue(big);
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

    @Test
    void listsKeysUnderAPrefix() {
        store.put("batches/results/a.jsonl", new byte[] {1}, "application/x-ndjson");
        store.put("batches/results/b.jsonl", new byte[] {1}, "application/x-ndjson");
        store.put("batches/incoming/c.jsonl", new byte[] {1}, "application/x-ndjson");

        assertThat(store.list("batches/results/"))
                .containsExactlyInAnyOrder("batches/results/a.jsonl", "batches/results/b.jsonl");
    }
}
