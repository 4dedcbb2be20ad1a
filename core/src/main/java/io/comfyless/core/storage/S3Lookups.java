package io.comfyless.core.storage;

import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads of one S3 object where a missing object is an answer, not a failure: S3 says so with
 * {@code NoSuchKey} on a GET and with a bare 404 on a HEAD, and both read as empty here.
 */
public final class S3Lookups {

    private S3Lookups() {}

    /** What {@code read} returns, or empty when its object does not exist; any other failure is thrown. */
    public static <T> Optional<T> ifExists(Supplier<T> read) {
        try {
            return Optional.of(read.get());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
