package io.ipsync;

/**
 * Thrown by a message handler to say that the message will never be handled, however often it is
 * tried: it is dead-lettered on this attempt, with this exception as the reason, instead of being
 * retried with the queue's back-off. Wrap what the handler caught, or throw it with a sentence for
 * the operator:
 *
 * <pre>{@code
 * if (order.lines().isEmpty()) {
 *     throw new NotRetryableException("order " + order.id() + " has no lines");
 * }
 * }</pre>
 *
 * <p>It counts anywhere in the chain of causes, so a framework that wraps it still gets it
 * dead-lettered at once. To have exceptions of a type that the handler does not throw itself
 * treated the same way, name their class in {@link QueueOptions.Builder#notRetryable(Class[])}.
 */
public class NotRetryableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NotRetryableException(String message) {
        super(message);
    }

    public NotRetryableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Marks {@code cause} as not retryable; the message is the cause's. */
    public NotRetryableException(Throwable cause) {
        super(cause);
    }
}
