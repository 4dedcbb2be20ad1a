package io.comfyless.functions.auth;

/** Who is calling: the tenant every read and write is scoped to. */
public record Caller(String tenantId) {

    /** The single tenant of a stack running without authentication (local use). */
    public static final Caller LOCAL = new Caller("default");
}
