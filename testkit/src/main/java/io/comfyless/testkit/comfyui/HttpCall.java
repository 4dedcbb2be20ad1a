package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/** One HTTP request as a route sees it: query, path parameters and a body read on demand. */
final class HttpCall {

    private final Request request;
    private final Fields query;
    private final Map<String, String> pathParameters;
    private byte[] body;

    HttpCall(Request request, Map<String, String> pathParameters) {
        this.request = request;
        this.query = Request.extractQueryParameters(request);
        this.pathParameters = Map.copyOf(pathParameters);
    }

    Request request() {
        return request;
    }

    String path(String name) {
        return pathParameters.get(name);
    }

    /** The first value of a query parameter, or null when absent. */
    String query(String name) {
        return query.getValue(name);
    }

    boolean hasQuery(String name) {
        return query.get(name) != null;
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    byte[] body() {
        if (body == null) {
            try (InputStream in = Content.Source.asInputStream(request)) {
                body = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return body;
    }

    /** {@code await request.json()}: malformed JSON raises, which the router turns into a 500 like aiohttp. */
    JsonNode json() {
        return ComfyUiJson.parse(body());
    }
}
