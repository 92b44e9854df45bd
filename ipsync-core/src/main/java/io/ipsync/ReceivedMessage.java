package io.ipsync;

import io.ipsync.spi.Claim;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

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
 * {@link IllegalStateException}. A settlement whose storage step fails throws and leaves the
 * message pending.
 */
public final class ReceivedMessage implements AutoCloseable {

    private final QueueSettlements settlements;

    private final Claim claim;

    private final JsonPayload payload;

    private final MessageMetadata metadata;

    private final long receivedNanos = System.nanoTime();

    /** Written only by {@link #settle}, under this object's lock. */
    private volatile Settlement settlement = Settlement.PENDING;

    /**
     * Whether the queue's observer heard that handling failed; guarded by {@code this}. A
     * settlement that could not be stored is tried again (see {@link #handleWith}), and the
     * failure counts once.
     */
    private boolean failureObserved;

    ReceivedMessage(QueueSettlements settlements, Claim claim, JsonPayload payload, MessageMetadata metadata) {
        this.settlements = settlements;
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
        return settlement;
    }

    /** Whether the message was settled. */
    public boolean isSettled() {
        return settlement != Settlement.PENDING;
    }

    /**
     * Removes the handled message from the queue for good.
     *
     * @throws IpsyncException when the claim was lost (for example the queue was closed meanwhile)
     */
    public void acknowledge() {
        settle(() -> {
            settlements.acknowledge(claim, metadata, System.nanoTime() - receivedNanos);
            return Settlement.ACKNOWLEDGED;
        });
    }

    /**
     * Reports that handling failed: the message is delivered again after the queue's back-off,
     * or dead-lettered when this was its last attempt, or at once when {@code cause} is not
     * retryable (a {@link NotRetryableException}, a {@link MessageConversionException} or one of
     * the queue's {@link QueueOptions#notRetryable()} types, itself or anywhere among its causes).
     *
     * @return {@link Settlement#RETRY_SCHEDULED} or {@link Settlement#DEAD_LETTERED}
     */
    public Settlement retry(Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        return settle(() -> {
            observeFailure(cause);
            return settlements.retry(claim, metadata, cause);
        });
    }

    /**
     * Reports that handling failed and has the message delivered again after {@code delay}
     * instead of the queue's back-off, whatever its not-retryable types say: for a caller that
     * decides itself (a {@link io.ipsync.listener.FailureDecider}). The queue's max attempts still
     * bound it: after the last attempt the message is dead-lettered.
     *
     * @return {@link Settlement#RETRY_SCHEDULED}, or {@link Settlement#DEAD_LETTERED} after the last attempt
     */
    public Settlement retry(Throwable cause, Duration delay) {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(delay, "delay");
        return settle(() -> {
            observeFailure(cause);
            return settlements.retryAfter(claim, metadata, cause, delay);
        });
    }

    /** Sets the message aside as a dead letter at once, recording the reason and the cause (which may be {@code null}). */
    public void deadLetter(String reason, Throwable cause) {
        Objects.requireNonNull(reason, "reason");
        settle(() -> {
            settlements.deadLetter(claim, reason, cause);
            return Settlement.DEAD_LETTERED;
        });
    }

    /** Gives the message back unhandled: it is due again at once and this attempt does not count. */
    public void release() {
        settle(() -> {
            settlements.release(claim);
            return Settlement.RELEASED;
        });
    }

    /**
     * Settles the message by the outcome of handling it, as listener containers do:
     * <ul>
     * <li>{@code failure} is {@code null}: acknowledged;
     * <li>the handler was interrupted ({@code failure} is an {@link InterruptedException}, or the
     * thread's interrupt flag is set), as when a container stops: released, the attempt not
     * counted, since the message did not fail, its consumer was stopped;
     * <li>a {@link MessageConversionException}: dead-lettered at once, since the same bytes would
     * fail the same way again;
     * <li>any other failure: {@link #retry(Throwable) retried}, or dead-lettered after the last
     * attempt, or at once when it is not retryable (see {@link QueueOptions#notRetryable()}).
     * </ul>
     * Does nothing when the handler already settled the message.
     *
     * @return the settlement
     */
    public synchronized Settlement complete(Throwable failure) {
        if (isSettled()) {
            return settlement;
        }
        if (failure == null) {
            acknowledge();
        } else if (failure instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
            release();
        } else if (failure instanceof MessageConversionException unconvertible) {
            settle(() -> {
                observeFailure(unconvertible);
                settlements.rejectUnconvertible(claim, unconvertible);
                return Settlement.DEAD_LETTERED;
            });
        } else {
            retry(failure);
        }
        return settlement;
    }

    /**
     * Runs the handler on this message and settles it by the outcome, as {@link #complete}
     * describes; the way {@link JsonDataQueue#poll} and listener containers handle messages.
     *
     * @return what the handler threw ({@code null} when it returned normally) and the settlement
     * @throws IpsyncException when the message cannot be settled now (a full disk, say); what the
     *     handler threw, if anything, is attached as a suppressed exception. The message stays
     *     claimed by this consumer, and its queue tries the same settlement again before each of
     *     its takes until it is stored; closing the message or the queue first gives it back
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
            settlements.oweSettlement(this, failure, settleFailed);
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
    public synchronized void close() {
        if (settlement == Settlement.PENDING) {
            release();
        }
    }

    /**
     * The single way a settlement happens: the storage step first, the state after it. A step
     * that fails leaves the message pending (still claimed, and released by {@link #close()} or
     * when its queue closes), never marked with a settlement that did not happen.
     */
    private synchronized Settlement settle(Supplier<Settlement> step) {
        if (settlement != Settlement.PENDING) {
            throw new IllegalStateException(
                    "Message " + metadata.name() + " of " + metadata.queue() + " is already settled: " + settlement);
        }
        Settlement outcome = step.get();
        settlement = outcome;
        return outcome;
    }

    private synchronized void observeFailure(Throwable cause) {
        if (!failureObserved) {
            failureObserved = true;
            settlements.observeFailure(metadata, cause);
        }
    }

    @Override
    public String toString() {
        return "ReceivedMessage[" + metadata.name() + " attempt " + metadata.attempt() + " from " + metadata.queue()
                + ", " + settlement + "]";
    }
}
