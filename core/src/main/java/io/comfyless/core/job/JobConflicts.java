package io.comfyless.core.job;

import io.comfyless.core.error.ConflictException;
import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ErrorDetail;
import java.util.List;

/** The conflicts every {@link JobStore} reports alike, worded once. */
final class JobConflicts {

    private JobConflicts() {}

    static ConflictException keyReused(Idempotency idempotency) {
        return new ConflictException(
                "X-Request-ID '" + idempotency.key() + "' was already used for a different request",
                List.of(ErrorDetail.field(
                        ErrorCodes.IDEMPOTENCY_KEY_REUSED,
                        "X-Request-ID",
                        "Use a new X-Request-ID for a different request body")));
    }

    static ConflictException keyInProgress() {
        return new ConflictException("Another request with the same X-Request-ID is in progress; retry shortly");
    }

    static ConflictException alreadyFinished(Job current) {
        return new ConflictException("Execution '" + current.id() + "' is already "
                + current.status().wire() + " and cannot be cancelled");
    }

    static ConflictException changedWhileCancelling(String id) {
        return new ConflictException("Execution '" + id + "' changed while it was being cancelled; try again");
    }
}
