package io.comfyless.functions.auth;

import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;

/** A route's work once its caller is known and allowed: parse, call, render. */
@FunctionalInterface
public interface Secured {

    ApiResponse handle(Caller caller, ApiRequest request, PathParams params);
}
