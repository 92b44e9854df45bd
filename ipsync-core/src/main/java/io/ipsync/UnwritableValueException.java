package io.ipsync;

/**
 * Thrown when a value to put or publish cannot be written as JSON (Jackson cannot serialize it).
 * The message names the value's type and the channel. Nothing was stored.
 *
 * <p>Not a {@link MessageConversionException}: a listener that fails to send a value onwards has
 * not received a bad message, so its message is retried, not dead-lettered at once.
 */
public class UnwritableValueException extends IpsyncException {

    private static final long serialVersionUID = 1L;

    public UnwritableValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
