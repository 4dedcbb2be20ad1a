package io.comfyless.functions.http;

/** What a route does: parse the request, call the domain, render the answer. */
@FunctionalInterface
public interface Handler {

    ApiResponse handle(ApiRequest request, PathParams params);
}
