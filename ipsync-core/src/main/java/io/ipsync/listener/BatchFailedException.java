package io.ipsync.listener;

import java.util.Objects;

/**
 * Thrown by a {@link BatchHandler} (or a batch listener method) to fail one element of its batch:
 * the messages before it are acknowledged, it is retried or dead-lettered by its cause as a single
 * message would be (a not-retryable cause dead-letters it at once), and those after it are given
 * back unhandled, as Spring Kafka's {@code BatchListenerFailedException} does.
 *
 * <pre>{@code
 * for (int i = 0; i < orders.size(); i++) {
 *     try {
 *         ship(orders.get(i));
 *     } catch (CarrierException e) {
 *         throw new BatchFailedException(i, e);
 *     }
 * }
 * }</pre>
 */
public class BatchFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int index;

    /**
     * @param index the failed element's index in the batch, from 0
     * @param cause why it failed; decides whether it is retried
     */
    public BatchFailedException(int index, Throwable cause) {
        super("Element " + index + " of the batch failed: " + cause, Objects.requireNonNull(cause, "cause"));
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative but was " + index);
        }
        this.index = index;
    }

    /** The failed element's index in the batch. */
    public int index() {
        return index;
    }
}
