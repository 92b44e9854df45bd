package io.ipsync;

/**
 * Thrown when a message or data-event file does not hold exactly one valid JSON value. Queues
 * never hand such a message to a consumer: they dead-letter it with this exception's message
 * as the reason.
 */
public class MalformedJsonException extends MessageConversionException {

    private static final long serialVersionUID = 1L;

    public MalformedJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
