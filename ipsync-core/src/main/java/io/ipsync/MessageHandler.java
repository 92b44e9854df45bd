package io.ipsync;

/**
 * Handles one queue message. Returning normally means "handled": the message is acknowledged
 * and removed. Throwing means "not handled": the message is retried after the queue's back-off,
 * and dead-lettered after its last attempt; a {@link MessageConversionException} dead-letters it
 * at once, since the same bytes would fail the same way again, and so does a failure that is not
 * retryable: a {@link NotRetryableException}, or one of the queue's
 * {@link QueueOptions#notRetryable()} types, itself or among its causes.
 *
 * <p>A handler may settle the message itself (for example {@link ReceivedMessage#deadLetter});
 * then nothing more is done with it.
 */
@FunctionalInterface
public interface MessageHandler {

    void handle(ReceivedMessage message) throws Exception;
}
