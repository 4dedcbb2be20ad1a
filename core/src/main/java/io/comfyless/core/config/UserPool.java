package io.comfyless.core.config;

/** The Cognito user pool and app client behind {@code /auth/*} and user access tokens. */
public record UserPool(String id, String clientId) {}
