package io.comfyless.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.error.ConflictException;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.testkit.aws.AwsEmulator;
import java.io.InputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** The model store and its presigned uploads against the emulator, uploading over plain HTTP as clients do. */
class ModelStoreIT {

    private static final long MIB = 1024 * 1024;
    private static AwsClients aws;
    private static String bucket;
    private static S3ModelStore store;
    private static ModelUploads uploads;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void provision() {
        RuntimeConfig config = RuntimeConfig.from(AwsEmulator.freshResources().environment()::get);
        aws = new AwsClients(config);
        bucket = config.bucket();
        store = new S3ModelStore(aws.s3(), bucket);
        // Multipart above 6 MiB in 5 MiB parts (S3's smallest), so a test moves megabytes, not gigabytes.
        uploads = new ModelUploads(aws.s3(), aws.presigner(), bucket, store, Clock.systemUTC(), 6 * MIB, 5 * MIB);
    }

    @AfterAll
    static void close() {
        aws.close();
    }

    private static void putObject(String key, byte[] bytes) {
        aws.s3().putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    private int put(URL url, Map<String, String> headers, byte[] body) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(url.toURI()).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void listsModelsByFolderIncludingLegacyDirectoriesAndSkipsFolderMarkers() {
        putObject("models/listing/a.safetensors", new byte[3]);
        putObject("models/unet/listing-flux.sft", new byte[5]);
        putObject("models/listing/", new byte[0]);

        assertThat(store.list(Optional.of("listing")))
                .extracting(e -> e.path().relative(), ModelEntry::sizeBytes)
                .containsExactly(org.assertj.core.api.Assertions.tuple("listing/a.safetensors", 3L));
        assertThat(store.list(Optional.of("diffusion_models")))
                .extracting(e -> e.path().relative())
                .contains("diffusion_models/listing-flux.sft");
        assertThat(store.find(new ModelPath("diffusion_models", "listing-flux.sft")))
                .hasValueSatisfying(entry -> assertThat(entry.key()).isEqualTo("models/unet/listing-flux.sft"));
    }

    @Test
    void deletesAModelAndReportsWhetherThereWasOne() {
        ModelPath path = new ModelPath("loras", "delete-me.safetensors");
        putObject(path.key(), new byte[1]);

        assertThat(store.delete(path)).isTrue();
        assertThat(store.find(path)).isEmpty();
        assertThat(store.delete(path)).isFalse();
    }

    @Test
    void aSinglePutUploadLandsWithItsChecksumAndCannotOverwriteUnasked() throws Exception {
        ModelPath path = new ModelPath("checkpoints", "single.safetensors");
        byte[] bytes = random(4096, 1);
        String sha = sha256(bytes);

        ModelUpload upload = uploads.start(path, bytes.length, Optional.of(sha), false);

        assertThat(upload.multipart()).isFalse();
        assertThat(upload.headers()).containsEntry("x-amz-meta-sha256", sha);
        assertThat(put(upload.url(), upload.headers(), bytes)).isEqualTo(200);
        ModelEntry entry = store.find(path).orElseThrow();
        assertThat(entry.sizeBytes()).isEqualTo(bytes.length);
        assertThat(entry.sha256()).isEqualTo(sha);
        try (InputStream in = store.open(entry)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        assertThatThrownBy(() -> uploads.start(path, 10, Optional.empty(), false))
                .isInstanceOf(ConflictException.class);
        assertThat(uploads.start(path, 10, Optional.empty(), true).url()).isNotNull();
    }

    @Test
    void aLargeUploadGoesInPresignedPartsAndIsCompletedWithTheirEtags() throws Exception {
        ModelPath path = new ModelPath("checkpoints", "multi.safetensors");
        byte[] bytes = random((int) (11 * MIB + 123), 2);

        ModelUpload upload = uploads.start(path, bytes.length, Optional.empty(), false);

        assertThat(upload.multipart()).isTrue();
        assertThat(upload.partSize()).isEqualTo(5 * MIB);
        assertThat(upload.parts()).hasSize(3);
        List<ModelUpload.CompletedPart> parts = new ArrayList<>();
        for (ModelUpload.Part part : upload.parts()) {
            int from = (int) ((part.partNumber() - 1) * upload.partSize());
            byte[] chunk = Arrays.copyOfRange(bytes, from, (int) Math.min(bytes.length, from + upload.partSize()));
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(part.url().toURI())
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(chunk))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(response.statusCode()).isEqualTo(200);
            parts.add(new ModelUpload.CompletedPart(
                    part.partNumber(), response.headers().firstValue("ETag").orElseThrow()));
        }

        ModelEntry entry = uploads.complete(path, upload.uploadId(), parts);

        assertThat(entry.sizeBytes()).isEqualTo(bytes.length);
        try (InputStream in = store.open(entry)) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(bytes));
        }
    }

    @Test
    void aWrongPartListOrAnUnknownUploadIsTheClientsToFix() {
        ModelPath path = new ModelPath("checkpoints", "broken.safetensors");
        ModelUpload upload = uploads.start(path, 7 * MIB, Optional.empty(), false);

        assertThatThrownBy(() -> uploads.complete(
                        path, upload.uploadId(), List.of(new ModelUpload.CompletedPart(1, "\"nope\""))))
                .isInstanceOf(ValidationException.class);
        uploads.abort(path, upload.uploadId());
        assertThatThrownBy(() -> uploads.abort(path, upload.uploadId())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> uploads.start(path, 0, Optional.empty(), false))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> uploads.start(path, 1, Optional.of("ABC"), false))
                .isInstanceOf(ValidationException.class);
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
