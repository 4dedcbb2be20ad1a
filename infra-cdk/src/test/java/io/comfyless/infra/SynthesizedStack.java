package io.comfyless.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;

/**
 * A synthesized {@link ComfyLessStack} for assertions: built with a throwaway functions jar, console and a
 * registry runner image (no Maven package, no Docker), with cdk-nag applied as in the real app.
 * Synthesis starts a Node process and takes seconds, so the default stack is built once per JVM.
 */
public record SynthesizedStack(ComfyLessStack stack, Template template, Annotations annotations) {

    public static final String RUNNER_IMAGE = "public.ecr.aws/example/comfyless-runner:latest";

    /** Every setting moved off its default, the way a user would pass them with {@code -c key=value}. */
    public static final Map<String, Object> CUSTOM_CONTEXT = Map.ofEntries(
            Map.entry("gpuInstanceTypes", "g5.xlarge, g6.xlarge"),
            Map.entry("maxGpus", "2"),
            Map.entry("spot", "false"),
            Map.entry("allowedOrigins", "https://app.example.com,https://admin.example.com"),
            Map.entry("enableAuth", "false"),
            Map.entry("alarmEmail", "ops@example.com"),
            Map.entry("destroyOnRemoval", "true"),
            Map.entry("oldestMessageAlarmSeconds", "300"),
            Map.entry("backlogPerTask", "5"),
            Map.entry("operatorTenants", "ops, platform"),
            Map.entry("modelCacheGiB", "250"));

    private static SynthesizedStack defaultStack;
    private static SynthesizedStack customStack;
    private static SynthesizedStack builtImageStack;

    /** The stack with default settings, shared by the tests. */
    public static synchronized SynthesizedStack withDefaults() {
        if (defaultStack == null) {
            defaultStack = with(Map.of());
        }
        return defaultStack;
    }

    /** The stack with {@link #CUSTOM_CONTEXT}, shared by the tests. */
    public static synchronized SynthesizedStack withCustomSettings() {
        if (customStack == null) {
            customStack = with(CUSTOM_CONTEXT);
        }
        return customStack;
    }

    /**
     * The stack with no {@code runnerImage}, so the runner image is a Docker asset built from a
     * (throwaway) runner directory; synthesis only stages the directory, it builds nothing.
     */
    public static synchronized SynthesizedStack withBuiltRunnerImage() {
        if (builtImageStack == null) {
            try {
                Path runnerDirectory = Files.createTempDirectory("gpu-runner");
                Files.writeString(runnerDirectory.resolve("Dockerfile"), "FROM scratch\n");
                builtImageStack = with(Map.of(
                        "runnerImage", "", "runnerDirectory", runnerDirectory.toString(), "comfyuiCommit", "0123abcd"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return builtImageStack;
    }

    /** The cloud assembly directory this stack was synthesized into. */
    public Path assemblyDirectory() {
        return Path.of(((App) stack.getNode().getRoot()).getOutdir());
    }

    /** A fresh stack with {@code context} on top of the test defaults. */
    public static SynthesizedStack with(Map<String, Object> context) {
        Map<String, Object> merged = new HashMap<>();
        merged.put("functionsJar", dummyJar().toString());
        merged.put("consoleDirectory", dummySite().toString());
        merged.put("runnerImage", RUNNER_IMAGE);
        merged.putAll(context);
        App app = App.Builder.create().context(merged).analyticsReporting(false).build();
        ComfyLessStack stack = new ComfyLessStack(
                app, "ComfyLessTest", StackProps.builder().build(), StackSettings.fromContext(app.getNode()));
        Nag.check(app);
        Template template = Template.fromStack(stack);
        return new SynthesizedStack(stack, template, Annotations.fromStack(stack));
    }

    private static Path dummyJar;
    private static Path dummySite;

    /** A built console as Vite lays it out: index.html, config.json and hashed assets. */
    private static synchronized Path dummySite() {
        if (dummySite == null) {
            try {
                Path site = Files.createTempDirectory("console-site");
                Files.createDirectories(site.resolve("assets"));
                Files.writeString(site.resolve("index.html"), "<!doctype html><title>console</title>");
                Files.writeString(site.resolve("config.json"), "{\"apiUrl\": \"\", \"websocketUrl\": \"\"}");
                Files.writeString(site.resolve("assets/index-1a2b3c.js"), "console.log('console')");
                dummySite = site;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dummySite;
    }

    private static synchronized Path dummyJar() {
        if (dummyJar == null) {
            try {
                Path jar = Files.createTempFile("comfyless-functions-aws", ".jar");
                jar.toFile().deleteOnExit();
                try (OutputStream out = Files.newOutputStream(jar);
                        JarOutputStream zip = new JarOutputStream(out)) {
                    zip.putNextEntry(new ZipEntry("placeholder.txt"));
                    zip.write("not a real function".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
                dummyJar = jar;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dummyJar;
    }
}
