package io.comfyless.bench.lambda;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One thing {@code bench lambda} starts cold: its class path, the handler class Lambda would load,
 * the environment it adds, and the artifact it is deployed as (none for the plain handler).
 */
record Target(
        String name,
        List<Path> classpath,
        String handlerClass,
        Map<String, String> environment,
        Optional<Path> artifact) {

    Target {
        classpath = List.copyOf(classpath);
        environment = Map.copyOf(environment);
    }
}
