package io.comfyless.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobFailure;
import io.comfyless.core.job.JobStatus;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A workflow names a file uploaded through {@code POST /v1/files} by its key
 * ({@code inputs/<tenant>/<file_id>/<name>}) in {@code LoadImage.image}; the runner's input stager
 * fetches it from the bucket and hands it to ComfyUI, for the job owner's own files only.
 */
class UploadedInputIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private RunnerStack stack;

    @BeforeEach
    void start() {
        stack = new RunnerStack();
        stack.startRunner("runner-inputs");
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    private void upload(String key, int rgb) throws Exception {
        BufferedImage image = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 4; x++) {
            for (int y = 0; y < 2; y++) {
                image.setRGB(x, y, rgb);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        stack.aws
                .s3()
                .putObject(
                        request -> request.bucket(stack.blobs.bucket()).key(key).contentType("image/png"),
                        RequestBody.fromBytes(png.toByteArray()));
    }

    /** Submitted by tenant-a, as every {@link RunnerStack} job is. */
    private Job run(String key) {
        Job job = stack.submit("""
                {"1": {"class_type": "LoadImage", "inputs": {"image": "%s"}},
                 "2": {"class_type": "ImageInvert", "inputs": {"image": ["1", 0]}},
                 "3": {"class_type": "SaveImage", "inputs": {"images": ["2", 0], "filename_prefix": "uploaded"}}}
                """.formatted(key));
        await().atMost(PATIENCE).until(() -> stack.job(job.id()).status().isTerminal());
        return stack.job(job.id());
    }

    @Test
    void anUploadedFileReferencedByItsKeyIsLoadedIntoComfyUi() throws Exception {
        String key = "inputs/tenant-a/file_0123456789abcdef0123/red.png";
        upload(key, 0xFF0000);

        Job job = run(key);

        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        BufferedImage inverted = ImageIO.read(new ByteArrayInputStream(
                stack.blobs.get(job.outputs().get(0).key()).orElseThrow()));
        assertThat(inverted.getWidth()).isEqualTo(4);
        assertThat(inverted.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0x00FFFF);
    }

    @Test
    void anotherTenantsFileIsRefused() throws Exception {
        String key = "inputs/tenant-b/file_0123456789abcdef0456/secret.png";
        upload(key, 0x00FF00);

        Job job = run(key);

        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.error().code()).isEqualTo(JobFailure.Codes.INPUT_ERROR);
        assertThat(job.error().message()).contains("inputs/tenant-a/");
    }
}
