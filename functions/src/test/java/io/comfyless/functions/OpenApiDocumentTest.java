package io.comfyless.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.ApiVersion;
import io.comfyless.functions.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code openapi.json} in step with the router: the routes {@link ApiFactory} registers and
 * the operations the document describes are the same set, the routes it calls open are the ones
 * without a guard, and the document is a well-formed OpenAPI 3.0 one whose references resolve.
 * The routers are the real ones, built offline: nothing here reaches AWS.
 */
class OpenApiDocumentTest {

    private static final Set<String> HTTP_METHODS =
            Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    /** POST routes that act on the resource their path names and read no body. */
    private static final Set<String> BODILESS_POSTS = Set.of(
            "POST /v1/workflows/{id}/cancel",
            "POST /v1/workflows/{id}/retry",
            "POST /workflows/{execution_id}/cancel",
            "POST /models/{model_name}/download",
            "POST /models/{model_name}/load",
            "POST /models/{model_name}/unload",
            "POST /models/cleanup",
            "POST /v1/models/{folder}/{name}/unload",
            "POST /v1/presets/{preset_id}/uninstall",
            "POST /api/downloads/{download_id}/pause",
            "POST /api/downloads/{download_id}/resume",
            "POST /api/comfyui/interrupt",
            "POST /workflows/{execution_id}/retry",
            "POST /v1/models/downloads/{id}/pause",
            "POST /v1/models/downloads/{id}/resume",
            "POST /v1/fleet/stop",
            "POST /auth/logout");

    private static String text;
    private static JsonNode document;
    private static AwsClients aws;
    private static Router withAuth;
    private static Router withoutAuth;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi.json")) {
            assertThat(in).as("openapi.json on the classpath").isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // A key written twice (two "get"s under one path) would silently hide the first.
        document = new ObjectMapper()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .readTree(text);
        RuntimeConfig secured = OfflineConfig.withAuth(true);
        aws = new AwsClients(secured);
        withAuth = ApiFactory.router(secured, aws, Clock.systemUTC());
        withoutAuth = ApiFactory.router(OfflineConfig.withAuth(false), aws, Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        aws.close();
    }

    @Test
    void theDocumentIsOpenApi30WithTheApisVersion() {
        assertThat(document.path("openapi").asText()).startsWith("3.0.");
        assertThat(document.path("info").path("title").asText()).isNotBlank();
        assertThat(document.path("info").path("version").asText()).isEqualTo(ApiVersion.CURRENT);
        assertThat(document.path("paths").isObject()).isTrue();
        assertThat(document.at("/components/securitySchemes/bearerAuth/scheme").asText())
                .isEqualTo("bearer");
    }

    @Test
    void everyRegisteredRouteIsDocumentedAndEveryDocumentedOperationIsRegistered() {
        Set<String> registered = names(withAuth);
        Set<String> documented = operations().keySet();

        Set<String> undocumented = minus(registered, documented);
        Set<String> unregistered = minus(documented, registered);
        assertThat(undocumented)
                .withFailMessage(
                        "Registered by the router but missing from openapi.json: %s%n"
                                + "Documented in openapi.json but not registered: %s",
                        undocumented, unregistered)
                .isEmpty();
        assertThat(unregistered)
                .withFailMessage("Documented in openapi.json but not registered by the router: %s", unregistered)
                .isEmpty();
    }

    @Test
    void operationsOnlyAStackWithAuthenticationHasAreMarkedSo() {
        Set<String> authOnly = operations().entrySet().stream()
                .filter(op -> op.getValue().path("x-auth-enabled-only").asBoolean(false))
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(names(withoutAuth))
                .as("routes of a stack without authentication")
                .isSubsetOf(operations().keySet());
        assertThat(minus(names(withAuth), names(withoutAuth)))
                .as("routes only a stack with authentication registers")
                .isEqualTo(authOnly);
    }

    @Test
    void theOperationsDocumentedDeprecatedAreExactlyTheDeprecatedRoutes() {
        Set<String> documented = operations().entrySet().stream()
                .filter(op -> op.getValue().path("deprecated").asBoolean(false))
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> deprecated = withAuth.routes().stream()
                .filter(Router.Route::deprecated)
                .map(OpenApiDocumentTest::name)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(deprecated).isNotEmpty().isEqualTo(documented);
    }

    @Test
    void theOperationsDocumentedOpenAreExactlyTheUnguardedRoutes() {
        Map<String, JsonNode> operations = operations();
        for (Router.Route route : withAuth.routes()) {
            String name = name(route);
            JsonNode operation = operations.get(name);
            if (operation == null) {
                continue; // reported by the comparison of the two sets
            }
            boolean documentedOpen =
                    operation.has("security") && operation.get("security").isEmpty();
            assertThat(documentedOpen)
                    .as(name + " is documented " + (documentedOpen ? "open" : "as guarded"))
                    .isEqualTo(!Access.guards(route.handler()));
            if (Access.guards(route.handler())) {
                assertThat(operation.path("responses").has("401"))
                        .as(name + " documents its 401")
                        .isTrue();
                assertThat(operation.path("responses").has("429"))
                        .as(name + " documents its 429")
                        .isTrue();
            }
        }
        assertThat(document.path("security").findValues("bearerAuth"))
                .as("bearer auth is the default")
                .isNotEmpty();
    }

    @Test
    void everyOperationHasASummaryTagsASuccessItsPathParametersAndABodyWhenItTakesOne() {
        Set<String> tags = new HashSet<>(document.path("tags").findValuesAsText("name"));
        Set<String> operationIds = new HashSet<>();
        SoftAssertions softly = new SoftAssertions();
        operations().forEach((name, operation) -> {
            softly.assertThat(operation.path("summary").asText())
                    .as(name + " summary")
                    .isNotBlank();
            softly.assertThat(operation.path("tags")).as(name + " tags").isNotEmpty();
            operation
                    .path("tags")
                    .forEach(tag -> softly.assertThat(tags)
                            .as(name + " tag is declared")
                            .contains(tag.asText()));
            softly.assertThat(operationIds.add(operation.path("operationId").asText()))
                    .as(name + " operationId is unique")
                    .isTrue();
            checkResponses(softly, name, operation.path("responses"));
            softly.assertThat(pathParameters(softly, name, operation))
                    .as(name + " path parameters")
                    .isEqualTo(templateParameters(name));
            checkRequestBody(softly, name, operation);
        });
        softly.assertAll();
    }

    @Test
    void everyReferenceResolvesAndEverySchemaIsUsed() {
        List<String> references = new ArrayList<>();
        collectReferences(document, references);

        assertThat(references).isNotEmpty();
        List<String> dangling = references.stream()
                .filter(ref ->
                        !ref.startsWith("#/") || document.at(ref.substring(1)).isMissingNode())
                .distinct()
                .toList();
        assertThat(dangling).as("$refs that resolve to nothing").isEmpty();

        Set<String> unused = new TreeSet<>();
        document.at("/components/schemas").fieldNames().forEachRemaining(schema -> {
            if (!references.contains("#/components/schemas/" + schema)) {
                unused.add(schema);
            }
        });
        assertThat(unused).as("schemas nothing refers to").isEmpty();
    }

    @Test
    void requiredMembersOfEverySchemaAreDeclared() {
        List<String> problems = new ArrayList<>();
        checkRequired(document, "#", problems);

        assertThat(problems).isEmpty();
    }

    @Test
    void theRouterServesTheDocumentAsIsWithoutCredentials() {
        ApiResponse response =
                withAuth.dispatch(ApiRequest.text("GET", "/openapi.json", Map.of(), null, "req-1", "127.0.0.1"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("Content-Type", "application/json");
        assertThat(response.body()).isEqualTo(text);
    }

    /** Every documented operation, keyed {@code "METHOD /path/{template}"} as the router names routes. */
    private static Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new TreeMap<>();
        document.path("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fields().forEachRemaining(item -> {
                    if (HTTP_METHODS.contains(item.getKey())) {
                        operations.put(item.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), item.getValue());
                    }
                }));
        return operations;
    }

    private static Set<String> names(Router router) {
        return router.routes().stream().map(OpenApiDocumentTest::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String name(Router.Route route) {
        return route.method() + " " + route.template();
    }

    private static Set<String> minus(Set<String> from, Set<String> taken) {
        Set<String> rest = new TreeSet<>(from);
        rest.removeAll(taken);
        return rest;
    }

    private static void checkResponses(SoftAssertions softly, String name, JsonNode responses) {
        List<String> statuses = new ArrayList<>();
        responses.fieldNames().forEachRemaining(statuses::add);
        // One route answers with a redirect only: GET /v1/files/{id} sends the client to S3.
        softly.assertThat(statuses)
                .as(name + " documents a success (2xx, or a 3xx redirect)")
                .anyMatch(status -> status.startsWith("2") || status.startsWith("3"));
        for (String status : statuses) {
            JsonNode response = resolve(responses.path(status));
            softly.assertThat(response.path("description").asText())
                    .as(name + " " + status + " description")
                    .isNotBlank();
            if (status.startsWith("4")) {
                softly.assertThat(response.at("/content/application~1json/schema/$ref")
                                .asText())
                        .as(name + " " + status + " is the error body")
                        .isEqualTo("#/components/schemas/ErrorBody");
            }
        }
    }

    private static Set<String> pathParameters(SoftAssertions softly, String name, JsonNode operation) {
        Set<String> declared = new TreeSet<>();
        operation.path("parameters").forEach(reference -> {
            JsonNode parameter = resolve(reference);
            if (parameter.path("in").asText().equals("path")) {
                softly.assertThat(parameter.path("required").asBoolean())
                        .as(name + " path parameter is required")
                        .isTrue();
                declared.add(parameter.path("name").asText());
            }
        });
        return declared;
    }

    private static Set<String> templateParameters(String name) {
        Set<String> inTemplate = new TreeSet<>();
        Matcher matcher = PATH_PARAMETER.matcher(name.substring(name.indexOf(' ') + 1));
        while (matcher.find()) {
            inTemplate.add(matcher.group(1));
        }
        return inTemplate;
    }

    private static void checkRequestBody(SoftAssertions softly, String name, JsonNode operation) {
        if (name.startsWith("POST ") && !BODILESS_POSTS.contains(name)) {
            JsonNode content = operation.at("/requestBody/content");
            softly.assertThat(content.path("application/json").has("schema")
                            || content.path("multipart/form-data").has("schema"))
                    .as(name + " documents its JSON (or multipart form) request body")
                    .isTrue();
        }
        if (name.startsWith("GET ") || BODILESS_POSTS.contains(name)) {
            softly.assertThat(operation.has("requestBody"))
                    .as(name + " takes no body")
                    .isFalse();
        }
    }

    private static JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? document.at(node.get("$ref").asText().substring(1)) : node;
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.isObject() && node.path("$ref").isTextual()) {
            references.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectReferences(child, references));
    }

    /** A {@code required} list naming a member {@code properties} lacks is a typo that validators do not all catch. */
    private static void checkRequired(JsonNode node, String where, List<String> problems) {
        if (node.isObject()
                && node.path("required").isArray()
                && node.path("properties").isObject()) {
            node.get("required").forEach(member -> {
                if (!node.get("properties").has(member.asText())) {
                    problems.add(where + " requires undeclared '" + member.asText() + "'");
                }
            });
        }
        node.fields()
                .forEachRemaining(child -> checkRequired(child.getValue(), where + "/" + child.getKey(), problems));
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkRequired(node.get(i), where + "/" + i, problems);
            }
        }
    }
}
