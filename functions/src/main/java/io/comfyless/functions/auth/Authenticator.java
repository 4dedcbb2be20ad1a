package io.comfyless.functions.auth;

import io.comfyless.functions.http.ApiRequest;

/** Decides who sent a request, or refuses it with 401/403. */
@FunctionalInterface
public interface Authenticator {

    Caller authenticate(ApiRequest request);
}
