package io.ipsync;

import io.ipsync.spi.Claim;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A message taken from a {@link JsonDataQueue} and held by this consumer alone until it is
 * settled: {@link #acknowledge() acknowledged} once handled, {@link #retry(Throwable) retried},
 * {@link #deadLetter(String, Throwable) dead-lettered} or {@link #release() released}.
 *
 * <p>If the consumer's process dies before settling, the message comes back to the queue within
 * the queue's {@link QueueOptions#reclaimInterval() reclaim interval}, with the attempt counted.
 * {@link #close()} releases a message not yet settled, so try-with-resources never leaves one
 * claimed:
 *
 * <pre>{@code
 * try (ReceivedMessage message = orders.receive()) {
 *     ship(message.payload().as(Order.class));
 *     message.acknowledge();
 * }
 * }</pre>
 *
 * <p>Settling is thread-safe and happens at most once; a second settlement throws
 * {@link IllegalStateException}.
 */
public final class ReceivedMessage implements AutoCloseable {

    private final JsonDataQueue queue;

    private final Claim claim;

    private final JsonPayload payload;

    private final MessageMetadata metadata;

    private final long receivedNanos = System.nanoTime();

    private final AtomicReference<Settlement> settlement = new AtomicReference<>(Settlement.PENDING);

    ReceivedMessage(JsonDataQueue queue, Claim claim, JsonPayload payload, MessageMetadata metadata) {
        this.queue = queue;
        this.claim = claim;
        this.payload = payload;
        this.metadata = metadata;
    }

    /** The message's JSON value. */
    public JsonPayload payload() {
        return payload;
    }

    /** Name, producer, timestamp and attempt of the message. */
    public MessageMetadata metadata() {
        return metadata;
    }

    /** What became of the message so far. */
    public Settlement settlement() {
        return settlement.get();
    }

    /** Whether the message was settled. */
    public boolean isSettled() {
        return settlement.get() != Settlement.PENDING;
    }

    /**
     * Removes the handled message from the queue for good.
     *
     * @throws IpsyncException when the claim was lost (for example the queue was closed meanwhile)
     */
    public void acknowledge() {
        settle(Settlement.ACKNOWLEDGED);
        queue.acknowledge(claim, metadata, System.nanoTime() - receivedNanos);
    }

    /**
     * Reports that handling failed: the message is delivered again after the queue's back-off,
     * or dead-lettered when this was its last attempt.
     *
     * @return {@link Settlement#RETRY_SCHEDULED} or {@link Settlement#DEAD_LETTERED}
     */
    public Settlement retry(Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        settle(Settlement.RETRY_SCHEDULED);
        Settlement outcome = queue.retry(claim, metadata, cause);
        settlement.set(outcome);
        return outcome;
    }

    /** Sets the message aside as a dead letter at once, recording the reason and the cause (which may be {@code null}). */
    public void deadLetter(String reason, Throwable cause) {
        Objects.requireNonNull(reason, "reason");
        settle(Settlement.DEAD_LETTERED);
        queue.deadLetter(claim, reason, cause);
    }

    /** Gives the message back unhandled: it is due again at once and this attempt does not count. */
    public void release() {
        settle(Settlement.RELEASED);
        queue.release(claim);
    }

    /**
     * Settles the message by the outcome of handling it, as listener containers do: acknowledged
     * when {@code failure} is {@code null}; dead-lettered at once for a
     * {@link MessageConversionException}; otherwise {@link #retry(Throwable) retried}. Does
     * nothing when the handler already settled the message.
     *
     * @return the settlement
     */
    public Settlement complete(Throwable failure) {
        if (isSettled()) {
            return settlement.get();
        }
        if (failure == null) {
            acknowledge();
        } else if (failure instanceof MessageConversionException unconvertible) {
            settle(Settlement.DEAD_LETTERED);
            queue.rejectUnconvertible(claim, metadata, unconvertible);
        } else {
            return retry(failure);
        }
        return settlement.get();
    }

    /**
     * Runs the handler on this message and settles it by the outcome, as {@link #complete}
     * describes; the way {@link JsonDataQueue#poll} and listener containers handle messages.
     *
     * @return what the handler threw ({@code null} when it returned normally) and the settlement
     * @throws IpsyncException when the message cannot be settled; what the handler threw, if
     *     anything, is attached as a suppressed exception
     */
    public HandlingOutcome handleWith(MessageHandler handler) {
        Objects.requireNonNull(handler, "handler");
        Throwable failure = null;
        try {
            handler.handle(this);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        } catch (Exception | Error e) {
            failure = e;
        }
        try {
            return new HandlingOutcome(complete(failure), failure);
        } catch (IpsyncException settleFailed) {
            if (failure != null) {
                settleFailed.addSuppressed(failure);
            }
            throw settleFailed;
        }
    }

    /**
     * What {@link #handleWith} did with a message.
     *
     * @param settlement what became of the message
     * @param failure what the handler threw, or {@code null} when it returned normally
     */
    public record HandlingOutcome(Settlement settlement, Throwable failure) {
    }

    /** Releases the message if it was not settled; does nothing otherwise. */
    @Override
    public void close() {
        if (settlement.compareAndSet(Settlement.PENDING, Settlement.RELEASED)) {
            queue.release(claim);
        }
    }

    private void settle(Settlement outcome) {
        if (!settlement.compareAndSet(Settlement.PENDING, outcome)) {
            throw new IllegalStateException(
                    "Message " + metadata.name() + " of " + metadata.queue() + " is already settled: " + settlement.get());
        }
    }

    @Override
    public String toString() {
        return "ReceivedMessage[" + metadata.name() + " attempt " + metadata.attempt() + " from " + metadata.queue()
                + ", " + settlement.get() + "]";
    }
}
