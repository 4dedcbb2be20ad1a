package io.comfyless.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs commands as a user without privileges, whatever user the build runs as. Not root already: as
 * that user. Root (CI): as {@code nobody} (uid 65534) through util-linux's {@code setpriv}. When the
 * programs it must run are installed where {@code nobody} cannot read them (a virtualenv under a
 * {@code /root} of mode 700), it keeps one capability, {@code CAP_DAC_READ_SEARCH}: it may then read
 * any file, but writes are still checked against uid 65534 like any other user's, which is what the
 * callers test. Aborts the test (skipped, with the reason) when none of this is possible.
 */
final class Unprivileged {

    static final int NOBODY = 65534;

    private final List<String> prefix;
    private final int uid;

    private Unprivileged(List<String> prefix, int uid) {
        this.prefix = List.copyOf(prefix);
        this.uid = uid;
    }

    /** A way to run {@code probe} (a command that must succeed) without privileges. */
    static Unprivileged find(List<String> probe) {
        int current = currentUid();
        if (current != 0) {
            return new Unprivileged(List.of(), current);
        }
        if (!Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
            Assumptions.abort("Running as root without util-linux's setpriv: cannot drop to an unprivileged user");
        }
        List<String> plain =
                List.of("/usr/bin/setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--");
        if (succeeds(plain, probe)) {
            return new Unprivileged(plain, NOBODY);
        }
        List<String> readAnything = List.of(
                "/usr/bin/setpriv",
                "--reuid=" + NOBODY,
                "--regid=" + NOBODY,
                "--clear-groups",
                "--inh-caps=+dac_read_search",
                "--ambient-caps=+dac_read_search",
                "--");
        if (succeeds(readAnything, probe)) {
            return new Unprivileged(readAnything, NOBODY);
        }
        Assumptions.abort("uid " + NOBODY + " cannot run " + String.join(" ", probe)
                + ", and this machine does not grant it CAP_DAC_READ_SEARCH");
        throw new AssertionError("unreachable");
    }

    int uid() {
        return uid;
    }

    List<String> command(List<String> command) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(command);
        return all;
    }

    private static boolean succeeds(List<String> prefix, List<String> probe) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(probe);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            Assumptions.abort("Cannot tell which user runs the build (no /proc): " + e);
            throw new AssertionError("unreachable");
        }
    }
}
