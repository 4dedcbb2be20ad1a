package io.comfyless.bench.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** A jar's compressed bytes by library group, told apart by package. */
final class JarParts {

    private static final Map<String, List<String>> PREFIXES = new LinkedHashMap<>();

    static {
        PREFIXES.put("Spring", List.of("org/springframework/"));
        PREFIXES.put("Reactor", List.of("reactor/"));
        PREFIXES.put("SDK service clients", List.of("software/amazon/awssdk/services/"));
        PREFIXES.put("SDK core", List.of("software/amazon/awssdk/", "org/reactivestreams/"));
        PREFIXES.put("Jackson", List.of("com/fasterxml/jackson/"));
        PREFIXES.put("Lambda libraries", List.of("com/amazonaws/", "org/joda/"));
        PREFIXES.put("logging", List.of("ch/qos/logback/", "org/slf4j/"));
        PREFIXES.put("JWT", List.of("com/nimbusds/"));
        PREFIXES.put("ComfyLess", List.of("io/comfyless/", "templates/", "openapi.json"));
    }

    static final List<String> GROUPS = List.copyOf(PREFIXES.keySet());

    private JarParts() {}

    /** Bytes per group in {@link #GROUPS} order, then everything else. */
    static List<Long> of(Path jar) {
        Map<String, Long> bytes = new LinkedHashMap<>();
        GROUPS.forEach(group -> bytes.put(group, 0L));
        long other = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                String group = groupOf(entry.getName());
                long size = Math.max(0, entry.getCompressedSize());
                if (group == null) {
                    other += size;
                } else {
                    bytes.merge(group, size, Long::sum);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Long> parts = new ArrayList<>(bytes.values());
        parts.add(other);
        return parts;
    }

    private static String groupOf(String name) {
        for (Map.Entry<String, List<String>> group : PREFIXES.entrySet()) {
            for (String prefix : group.getValue()) {
                if (name.startsWith(prefix)) {
                    return group.getKey();
                }
            }
        }
        return null;
    }
}
