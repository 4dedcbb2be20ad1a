package io.comfyless.functions.http;

import java.util.Map;

/** Values captured by {@code {name}} segments of a route's path. */
public record PathParams(Map<String, String> values) {

    public PathParams {
        values = Map.copyOf(values);
    }

    public String get(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("Route has no path parameter " + name);
        }
        return value;
    }
}
