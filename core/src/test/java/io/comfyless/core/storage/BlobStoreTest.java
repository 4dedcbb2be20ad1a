package io.comfyless.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} must do, run against each of them: {@link InMemoryBlobStoreTest},
 * {@link S3BlobStoreIT} (the AWS emulator) and {@link S3BlobStoreLocalStackIT}. One store serves a
 * whole class.
 */
abstract class BlobStoreTest {

    private BlobStore store;

    /** The store under test, shared by the test methods of one class. */
    protected abstract BlobStore store();

    @BeforeEach
    void useStore() {
        store = store();
    }

    @Test
    void putsAndGetsBytesWithTheirContentTypeAndChecksum() throws Exception {
        byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);

        StoredObject stored = store.put("outputs/x/1/a.txt", bytes, "text/plain");

        assertThat(stored.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertThat(store.get("outputs/x/1/a.txt")).hasValue(bytes);
        assertThat(stored.contentType()).isEqualTo("text/plain");
        assertThat(stored.sizeBytes()).isEqualTo(5);
        assertThat(store.exists("outputs/x/1/a.txt")).isTrue();
        assertThat(store.exists("outputs/x/1/missing")).isFalse();
        assertThat(store.get("outputs/x/1/missing")).isEmpty();
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
    void presignedLinksNameTheirKey() {
        URL get = store.presignGet("outputs/y/1/pic.png", Duration.ofMinutes(5), Optional.of("pic.png"));
        URL put = store.presignPut("inputs/t/f1/in.png", Duration.ofMinutes(5), "image/png");

        assertThat(get.getPath()).endsWith("outputs/y/1/pic.png");
        assertThat(put.getPath()).endsWith("inputs/t/f1/in.png");
    }

    @Test
    void opensObjectsAsStreams() throws Exception {
        store.put("outputs/z/1/s.bin", new byte[] {4, 5, 6}, "application/octet-stream");

        try (InputStream in = store.open("outputs/z/1/s.bin").orElseThrow()) {
            assertThat(in.readAllBytes()).containsExactly(4, 5, 6);
        }
        assertThat(store.open("outputs/z/1/none.bin")).isEmpty();
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
