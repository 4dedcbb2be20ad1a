package io.comfyless.functions.api;

import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.job.JobService;
import io.comfyless.functions.http.ApiRequest;
import java.time.Duration;

/** Reads and checks query parameters; a bad value is a 400 naming the parameter. */
final class Queries {

    private Queries() {}

    static int intParam(ApiRequest request, String name, int defaultValue, int min, int max) {
        String raw = request.query(name).orElse(null);
        if (raw == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw ValidationException.of(
                ErrorCodes.INVALID_VALUE,
                name,
                "Query parameter '" + name + "' must be an integer from " + min + " to " + max);
    }

    /** {@code ?wait=N}: how many seconds a read may be held for the job to change; 0 (answer at once) when absent. */
    static Duration waitParam(ApiRequest request) {
        return Duration.ofSeconds(
                intParam(request, "wait", 0, 0, (int) JobService.longestWait().toSeconds()));
    }

    static boolean boolParam(ApiRequest request, String name) {
        String raw = request.query(name).orElse("false").trim();
        if (raw.equalsIgnoreCase("true") || raw.equals("1")) {
            return true;
        }
        if (raw.equalsIgnoreCase("false") || raw.equals("0")) {
            return false;
        }
        throw ValidationException.of(
                ErrorCodes.INVALID_VALUE, name, "Query parameter '" + name + "' must be true or false");
    }
}
