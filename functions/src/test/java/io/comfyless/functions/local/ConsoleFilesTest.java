package io.comfyless.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleFilesTest {

    private final ConsoleFiles files =
            ConsoleFiles.fromClasspath("console-site/").orElseThrow();

    @Test
    void theFolderServesItsIndexWithTheConsolesSecurityHeaders() {
        ConsoleFiles.Reply reply = files.serve("GET", "/console/");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(new String(reply.body(), StandardCharsets.UTF_8)).contains("<title>console</title>");
        assertThat(reply.headers())
                .containsEntry("Content-Type", "text/html; charset=utf-8")
                .containsEntry("Cache-Control", "no-cache")
                .containsEntry("Content-Security-Policy", ConsoleFiles.CONTENT_SECURITY_POLICY)
                .containsEntry("X-Frame-Options", "DENY")
                .containsEntry("X-Content-Type-Options", "nosniff");
    }

    @Test
    void hashedAssetsMayBeCachedForGoodButTheConfigurationMayNot() {
        assertThat(files.serve("GET", "/console/assets/app-1a2b3c.js").headers())
                .containsEntry("Content-Type", "text/javascript; charset=utf-8")
                .containsEntry("Cache-Control", "public, max-age=31536000, immutable");
        assertThat(files.serve("GET", "/console/config.json").headers())
                .containsEntry("Content-Type", "application/json")
                .containsEntry("Cache-Control", "no-cache");
    }

    @Test
    void theBarePrefixRedirectsToTheFolderSoRelativeLinksResolve() {
        ConsoleFiles.Reply reply = files.serve("GET", "/console");

        assertThat(reply.status()).isEqualTo(301);
        assertThat(reply.headers()).containsEntry("Location", "/console/");
    }

    @Test
    void pathsThatCouldLeaveTheSiteAreNotFound() {
        assertThat(files.serve("GET", "/console/../index.html").status()).isEqualTo(404);
        assertThat(files.serve("GET", "/console/%2e%2e/index.html").status()).isEqualTo(404);
        assertThat(files.serve("GET", "/console/assets//app-1a2b3c.js").status())
                .isEqualTo(404);
        assertThat(files.serve("GET", "/console/.hidden").status()).isEqualTo(404);
        assertThat(files.serve("GET", "/console/assets/missing.js").status()).isEqualTo(404);
    }

    @Test
    void onlyReadsAreAllowed() {
        ConsoleFiles.Reply reply = files.serve("POST", "/console/index.html");

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.headers()).containsEntry("Allow", "GET, HEAD");
    }

    @Test
    void aClasspathWithoutABuiltConsoleHasNone() {
        assertThat(ConsoleFiles.fromClasspath("no-such-site/")).isEmpty();
    }

    @Test
    void theConsoleOwnsItsPrefixAndNothingElse() {
        assertThat(ConsoleFiles.handles("/console")).isTrue();
        assertThat(ConsoleFiles.handles("/console/jobs")).isTrue();
        assertThat(ConsoleFiles.handles("/consoles")).isFalse();
        assertThat(ConsoleFiles.handles("/v1/workflows")).isFalse();
    }
}
