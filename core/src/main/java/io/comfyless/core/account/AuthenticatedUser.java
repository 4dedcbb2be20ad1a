package io.comfyless.core.account;

import io.comfyless.core.tenant.Tenant;

/** A user whose access token checked out and is not signed out, with the tenant they act for. */
public record AuthenticatedUser(UserAccount account, Tenant tenant, VerifiedToken token) {}
