package io.comfyless.bench.lambda;

import io.comfyless.contract.LambdaFunction;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts each {@link Target} in a fresh JVM running {@link ColdStartProcess}, with the flags the
 * CDK app gives the functions, and reads its measurements back.
 */
final class ProcessLauncher {

    /** What the CDK app sets in JAVA_TOOL_OPTIONS, and the collector and heap Lambda's runtime uses. */
    static final List<String> JVM_FLAGS =
            List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx768m");

    private static final Pattern STATUS = Pattern.compile("\"statusCode\"\\s*:\\s*(\\d+)");
    private static final Pattern CALLS = Pattern.compile("calls (\\S+) \\{(.*)\\}");

    private final Path root;
    private final Path work;
    private final Map<String, String> environment;
    private final Path benchClasses;
    private final Path interceptors;
    private int runs;

    private ProcessLauncher(Path root, Path work, Map<String, String> environment, Path interceptors) {
        this.root = root;
        this.work = work;
        this.environment = environment;
        this.benchClasses = root.resolve("bench/target/classes");
        this.interceptors = interceptors;
    }

    static ProcessLauncher create(Path root, Path work, Map<String, String> environment) throws IOException {
        Path interceptors = work.resolve("interceptors");
        Path list = interceptors.resolve("software/amazon/awssdk/global/handlers/execution.interceptors");
        Files.createDirectories(list.getParent());
        Files.writeString(list, ProcessCalls.class.getName() + "\n");
        return new ProcessLauncher(root, work, environment, interceptors);
    }

    /** The plain handler, on the jars it needs (listed by the bench build in {@code plain.classpath}). */
    Target plain(String name) throws IOException {
        Path listing = root.resolve("bench/target/lambda-bench/plain.classpath");
        List<Path> classpath = new ArrayList<>();
        Arrays.stream(Files.readString(listing).trim().split(File.pathSeparator))
                .map(Path::of)
                .forEach(classpath::add);
        classpath.add(benchClasses);
        classpath.add(interceptors);
        return new Target(name, classpath, PlainSubmitHandler.class.getName(), Map.of(), Optional.empty());
    }

    /**
     * A function from its own jar; with {@code COMFYLESS_BENCH_JAR} set, from that one jar instead
     * (to compare one artifact for all functions against one per function).
     */
    Target function(LambdaFunction function) {
        Path jar = Optional.ofNullable(System.getenv("COMFYLESS_BENCH_JAR"))
                .map(Path::of)
                .orElse(root.resolve("functions/target").resolve(function.artifact()));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No jar for the " + function.definition() + " function at " + jar
                    + "; build it with ./mvnw -pl functions -am package");
        }
        String handler = LambdaFunction.HANDLER.substring(0, LambdaFunction.HANDLER.indexOf("::"));
        return new Target(
                function.definition(),
                List.of(jar, benchClasses, interceptors),
                handler,
                Map.of(
                        LambdaFunction.DEFINITION_VAR,
                        function.definition(),
                        LambdaFunction.MAIN_CLASS_VAR,
                        function.application()),
                Optional.of(jar));
    }

    /** Spring Cloud Function's adapter and an empty function, from the API's jar. */
    Target adapterOnly(String name) {
        Target api = function(LambdaFunction.API);
        return new Target(
                name,
                api.classpath(),
                api.handlerClass(),
                Map.of(
                        LambdaFunction.DEFINITION_VAR,
                        "echo",
                        LambdaFunction.MAIN_CLASS_VAR,
                        EmptyLambda.class.getName()),
                Optional.empty());
    }

    Sample run(Target target, List<String> events) throws IOException, InterruptedException {
        int run = ++runs;
        Path eventFile = work.resolve("events-" + run + ".txt");
        Files.write(eventFile, events, StandardCharsets.UTF_8);
        Path log = work.resolve(target.name().replace(' ', '-') + "-" + run + ".log");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(String.join(
                File.pathSeparator,
                target.classpath().stream().map(Path::toString).toList()));
        command.add(ColdStartProcess.class.getName());
        command.add(target.handlerClass());
        command.add(eventFile.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().putAll(target.environment());
        long launched = System.currentTimeMillis();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(target.name() + " did not finish cleanly; see " + log);
        }
        return parse(target, output, launched, log);
    }

    private static Sample parse(Target target, String output, long launched, Path log) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Map<String, Long>> calls = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (!line.startsWith(ColdStartProcess.MARK)) {
                continue;
            }
            String content = line.substring(ColdStartProcess.MARK.length());
            Matcher counted = CALLS.matcher(content);
            if (counted.matches()) {
                calls.put(counted.group(1), operations(counted.group(2)));
            } else {
                int space = content.indexOf(' ');
                values.put(content.substring(0, space), content.substring(space + 1));
            }
        }
        if (!values.containsKey("first_ms")) {
            throw new IllegalStateException(target.name() + " printed no measurements; see " + log);
        }
        String answer = values.get("first_answer");
        Matcher status = STATUS.matcher(answer);
        if ((status.find() && !status.group(1).startsWith("2")) || answer.contains("errorMessage")) {
            throw new IllegalStateException(target.name() + " failed its first request: " + answer + "; see " + log);
        }
        long init = Long.parseLong(values.get("init_ms")) - launched;
        long first = Long.parseLong(values.get("first_ms")) - Long.parseLong(values.get("init_ms"));
        String warm = values.getOrDefault("warm_us", "[]").replaceAll("[\\[\\] ]", "");
        List<Long> warmMicros = warm.isEmpty()
                ? List.of()
                : Arrays.stream(warm.split(",")).map(Long::parseLong).toList();
        return new Sample(init, first, warmMicros, calls, answer);
    }

    private static Map<String, Long> operations(String listing) {
        Map<String, Long> operations = new LinkedHashMap<>();
        if (!listing.isBlank()) {
            for (String entry : listing.split(", ")) {
                int eq = entry.indexOf('=');
                operations.put(entry.substring(0, eq), Long.parseLong(entry.substring(eq + 1)));
            }
        }
        return operations;
    }
}
