package io.comfyless.core.live;

/**
 * Sends a message down one open connection: API Gateway's management API when deployed, the local
 * server's own sockets locally.
 */
public interface ConnectionGateway {

    enum Delivery {
        DELIVERED,
        /** The connection no longer exists (API Gateway answers 410): its records can go. */
        GONE
    }

    /** @throws RuntimeException when the message could not be handed over for another reason */
    Delivery post(String connectionId, String message);
}
