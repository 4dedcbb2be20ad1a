package io.comfyless.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.assertions.Template;

/** Small lookups over a synthesized template, so assertions read as the invariant they check. */
public final class Resources {

    private Resources() {}

    /** Every resource of {@code type}, by logical id. */
    public static Map<String, Map<String, Object>> ofType(Template template, String type) {
        return template.findResources(type);
    }

    /**
     * The logical id of the one resource of {@code type} whose id is {@code constructPath} plus
     * CDK's eight-character hash, e.g. {@code Queues} + {@code JobsHighQueue}.
     */
    public static String idOf(Template template, String type, String constructPath) {
        List<String> ids = ofType(template, type).keySet().stream()
                .filter(id -> id.matches(java.util.regex.Pattern.quote(constructPath) + "[0-9A-F]{8}"))
                .collect(Collectors.toList());
        assertThat(ids).as("%s named %s*", type, constructPath).hasSize(1);
        return ids.get(0);
    }

    /** The {@code Properties} of the one resource found as in {@link #idOf}. */
    public static Map<String, Object> properties(Template template, String type, String constructPath) {
        return propertiesOf(ofType(template, type).get(idOf(template, type, constructPath)));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> propertiesOf(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return value instanceof List<?> ? (List<Object>) value : List.of(value);
    }

    /** {@code {"Ref": id}}. */
    public static Map<String, Object> ref(String logicalId) {
        return Map.of("Ref", logicalId);
    }

    /** {@code {"Fn::GetAtt": [id, attribute]}}. */
    public static Map<String, Object> getAtt(String logicalId, String attribute) {
        return Map.of("Fn::GetAtt", List.of(logicalId, attribute));
    }
}
