package io.ipsync;

/**
 * Thrown when a JSON value cannot be read as the requested type, or a value cannot be written
 * as JSON. The message names the source (a queue message's file, a data event's file) and the
 * target type.
 *
 * <p>A listener container never retries a message whose conversion failed: the same bytes would
 * fail the same way, so the message is dead-lettered at once.
 */
public class MessageConversionException extends IpsyncException {

    private static final long serialVersionUID = 1L;

    public MessageConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}
