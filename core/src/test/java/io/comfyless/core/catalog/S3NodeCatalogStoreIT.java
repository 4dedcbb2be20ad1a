package io.comfyless.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.comfyui.Recorded080;
import io.comfyless.testkit.fixtures.SharedFolder;
import io.comfyless.testkit.fixtures.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Publishing and reading the node catalogue in the bucket, against the emulator, with ComfyUI 0.8.0's recording. */
class S3NodeCatalogStoreIT {

    private static final byte[] COMFYUI_080 = Recorded080.objectInfo()
            .orElseThrow(() -> new IllegalStateException(SharedFolder.require(Recorded080.OBJECT_INFO) + " unreadable"))
            .toString()
            .getBytes(StandardCharsets.UTF_8);

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private AwsClients aws;
    private S3NodeCatalogStore store;

    @BeforeEach
    void provision() {
        RuntimeConfig config = RuntimeConfig.from(AwsEmulator.freshResources().environment()::get);
        aws = new AwsClients(config);
        store = new S3NodeCatalogStore(aws.s3(), config.bucket(), clock);
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void nothingIsCurrentUntilARunnerPublishes() {
        assertThat(store.current()).isEmpty();
        assertThat(new CurrentCatalog(store, clock).current()).isEmpty();
    }

    @Test
    void aPublishedCatalogueBecomesCurrentAndReadsBackWhole() {
        CatalogPointer published = store.publish("0.8.0", COMFYUI_080, "runner-1");

        assertThat(store.current()).contains(published);
        assertThat(published.key()).startsWith("catalog/object_info/0.8.0/").endsWith(published.sha256() + ".json.gz");
        NodeCatalog catalog = store.load(published);
        assertThat(catalog.size()).isEqualTo(567);
        assertThat(catalog.type("KSampler").orElseThrow().required()).containsKeys("model", "seed", "steps");
    }

    @Test
    void theSameCatalogueFromAnotherRunnerLeavesThePointerAsItWas() {
        CatalogPointer first = store.publish("0.8.0", COMFYUI_080, "runner-1");
        clock.advance(Duration.ofMinutes(5));

        CatalogPointer second = store.publish("0.8.0", COMFYUI_080, "runner-2");

        assertThat(second).isEqualTo(first);
        assertThat(store.current().orElseThrow().workerId()).isEqualTo("runner-1");
    }

    @Test
    void theCachedCatalogueFollowsANewPublicationAfterItsRefreshInterval() {
        CurrentCatalog cached = new CurrentCatalog(store, clock);
        store.publish("0.8.0", COMFYUI_080, "runner-1");
        assertThat(cached.current().orElseThrow().type("MyCustomNode")).isEmpty();
        String withCustomNode = "{\"MyCustomNode\": {\"input\": {\"required\": {}}, \"output\": [\"IMAGE\"]},"
                + new String(COMFYUI_080, StandardCharsets.UTF_8).substring(1);

        store.publish("0.8.0", withCustomNode.getBytes(StandardCharsets.UTF_8), "runner-custom");

        assertThat(cached.current().orElseThrow().type("MyCustomNode")).isEmpty();
        clock.advance(CurrentCatalog.REFRESH);
        assertThat(cached.current().orElseThrow().type("MyCustomNode")).isPresent();
    }
}
