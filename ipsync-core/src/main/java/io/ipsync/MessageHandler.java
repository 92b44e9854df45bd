package io.ipsync;

/**
 * Handles one queue message. Returning normally means "handled": the message is acknowledged
 * and removed. Throwing means "not handled": the message is retried after the queue's back-off,
 * and dead-lettered after its last attempt; a {@link MessageConversionException} dead-letters it
 * at once, since the same bytes would fail the same way again.
 *
 * <p>A handler may settle the message itself (for example {@link ReceivedMessage#deadLetter});
 * then nothing more is done with it.
 */
@FunctionalInterface
public interface MessageHandler {

    void handle(ReceivedMessage message) throws Exception;
}
