package io.comfyless.functions.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A path template such as {@code /v1/workflows/{id}/status}, matched segment by segment. */
record RoutePattern(String template, List<String> segments) {

    static RoutePattern of(String template) {
        return new RoutePattern(
                template, List.of(Router.normalize(template).substring(1).split("/", -1)));
    }

    Optional<PathParams> match(String[] path) {
        if (path.length != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < path.length; i++) {
            String segment = segments.get(i);
            if (segment.startsWith("{") && segment.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return Optional.empty();
                }
                values.put(segment.substring(1, segment.length() - 1), path[i]);
            } else if (!segment.equals(path[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(new PathParams(values));
    }

    /** Literal segments beat parameters, so {@code /workers/metrics} wins over {@code /workers/{id}}. */
    int specificity() {
        return (int) segments.stream().filter(s -> !s.startsWith("{")).count();
    }
}
