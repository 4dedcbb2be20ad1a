package io.comfyless.core.tenant;

/**
 * A runner may not claim a job now: its tenant already has as many jobs running as its tier
 * allows. Not a failure: the job stays pending and its message is offered again a little later.
 */
public final class TenantBusyException extends RuntimeException {

    public TenantBusyException(String tenant) {
        super("Tenant " + tenant + " is running as many jobs as its tier allows", null, false, false);
    }
}
