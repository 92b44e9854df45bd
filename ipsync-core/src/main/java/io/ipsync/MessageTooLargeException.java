package io.ipsync;

/**
 * Thrown when a value to put or publish is larger, as JSON, than the channel's maximum size
 * ({@link QueueOptions#maxMessageSize()}, {@link DataEventOptions#maxValueSize()}): every consumer
 * would set it aside unread, so the producer refuses it instead. The message names the channel,
 * the size and the limit. Nothing was stored.
 *
 * <p>A subclass of {@link UnwritableValueException}: a listener that fails to send such a value
 * onwards has not received a bad message, so its own message is retried, not dead-lettered at once.
 */
public class MessageTooLargeException extends UnwritableValueException {

    private static final long serialVersionUID = 1L;

    public MessageTooLargeException(String message) {
        super(message, null);
    }
}
