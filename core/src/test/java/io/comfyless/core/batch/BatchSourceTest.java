package io.comfyless.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.core.json.Json;
import org.junit.jupiter.api.Test;

class BatchSourceTest {

    private static String event(String key, String etag) {
        return "{\"source\": \"aws.s3\", \"detail-type\": \"Object Created\", \"detail\": {\"bucket\": {\"name\": \"data\"},"
                + " \"object\": {\"key\": \"" + key + "\", \"etag\": \"" + etag + "\", \"size\": 10}}}";
    }

    @Test
    void theTenantIsTheFolderUnderTheIncomingPrefix() {
        BatchSource source = BatchSource.fromEvent(Json.read(event("batches/incoming/acme/run-1.jsonl", "abc")))
                .orElseThrow();

        assertThat(source.tenant()).isEqualTo("acme");
        assertThat(source.bucket()).isEqualTo("data");
        assertThat(source.etag()).isEqualTo("abc");
    }

    @Test
    void aManifestDirectlyUnderThePrefixBelongsToTheDefaultTenant() {
        assertThat(BatchSource.fromEvent(Json.read(event("batches/incoming/run.jsonl", "abc")))
                        .orElseThrow()
                        .tenant())
                .isEqualTo("default");
    }

    @Test
    void objectsThatAreNotManifestsAreIgnored() {
        assertThat(BatchSource.fromEvent(Json.read(event("batches/incoming/acme/readme.txt", "abc"))))
                .isEmpty();
        assertThat(BatchSource.fromEvent(Json.read(event("outputs/x.jsonl", "abc"))))
                .isEmpty();
        assertThat(BatchSource.fromEvent(Json.read(event("batches/incoming/a b/x.jsonl", "abc"))))
                .isEmpty();
    }

    @Test
    void idsAreDeterministicPerObjectAndLine() {
        BatchSource one = BatchSource.of("data", "batches/incoming/a/x.jsonl", "etag-1", null)
                .orElseThrow();
        BatchSource again = BatchSource.of("data", "batches/incoming/a/x.jsonl", "\"etag-1\"", null)
                .orElseThrow();
        BatchSource changed = BatchSource.of("data", "batches/incoming/a/x.jsonl", "etag-2", null)
                .orElseThrow();

        assertThat(BatchIds.batchId(one)).isEqualTo(BatchIds.batchId(again)).startsWith("batch_");
        assertThat(BatchIds.batchId(one)).isNotEqualTo(BatchIds.batchId(changed));
        assertThat(BatchIds.jobId(BatchIds.batchId(one), 7))
                .isEqualTo(BatchIds.jobId(BatchIds.batchId(again), 7))
                .matches("exec_[0-9a-f]{20}");
        assertThat(BatchIds.jobId(BatchIds.batchId(one), 7)).isNotEqualTo(BatchIds.jobId(BatchIds.batchId(one), 8));
    }
}
