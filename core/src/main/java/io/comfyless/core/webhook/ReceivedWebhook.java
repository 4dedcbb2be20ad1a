package io.comfyless.core.webhook;

/**
 * A webhook message as received from the queue, by the Lambda event source or the local pump.
 *
 * @param receiveCount how many times the queue handed this message out, this time included: the delivery attempt
 */
public record ReceivedWebhook(String messageId, String receiptHandle, String body, int receiveCount) {}
