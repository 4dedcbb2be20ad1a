package io.comfyless.core.tenant;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The two kinds of API key (the README's "Tenants, keys and limits"), told apart by their prefix. A secret key
 * ({@code comfyui_sk_}) lives on a server and may hold every scope. A public key
 * ({@code comfyui_pk_}) ships inside a browser or an app where anyone can copy it: it never
 * administers keys, and by default it only reads; spending GPU time must be granted explicitly.
 */
public enum ApiKeyType {
    SECRET("sk", EnumSet.allOf(Scope.class), EnumSet.allOf(Scope.class)),
    PUBLIC(
            "pk",
            EnumSet.of(Scope.WORKFLOWS_READ, Scope.WORKFLOWS_WRITE, Scope.QUEUE_READ),
            EnumSet.of(Scope.WORKFLOWS_READ, Scope.QUEUE_READ));

    private final String code;
    private final Set<Scope> allowed;
    private final Set<Scope> defaults;

    ApiKeyType(String code, Set<Scope> allowed, Set<Scope> defaults) {
        this.code = code;
        this.allowed = Set.copyOf(allowed);
        this.defaults = Set.copyOf(defaults);
    }

    /** {@code sk} or {@code pk}: how the type is written on the wire and in storage. */
    public String code() {
        return code;
    }

    /** The start of every key of this type, e.g. {@code comfyui_sk_}. */
    public String prefix() {
        return "comfyui_" + code + "_";
    }

    public Set<Scope> allowedScopes() {
        return allowed;
    }

    /** Scopes a new key gets when its creator names none. */
    public Set<Scope> defaultScopes() {
        return defaults;
    }

    public static Optional<ApiKeyType> fromCode(String code) {
        return Arrays.stream(values()).filter(type -> type.code.equals(code)).findFirst();
    }

    /** The type whose prefix {@code presented} starts with, if any. */
    public static Optional<ApiKeyType> ofKey(String presented) {
        return Arrays.stream(values())
                .filter(type -> presented.startsWith(type.prefix()))
                .findFirst();
    }
}
