package io.comfyless.core.webhook;

/**
 * How one delivery attempt went.
 *
 * @param outcome what to do with the message
 * @param detail  the receiver's status code or why the request did not happen, for logs
 */
public record DeliveryResult(Outcome outcome, String detail) {

    /** What a delivery attempt means for the message. */
    public enum Outcome {
        /** The receiver answered 2xx: done, never sent again. */
        DELIVERED,
        /** Not acknowledged (non-2xx, timeout, connection refused): try again later. */
        FAILED,
        /** The URL is not allowed (it resolves inward): trying again cannot help. */
        REFUSED
    }
}
