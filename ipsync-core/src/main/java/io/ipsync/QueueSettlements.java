package io.ipsync;

import io.ipsync.spi.Claim;
import io.ipsync.spi.ClaimLostException;
import io.ipsync.spi.DeadLetterReason;
import io.ipsync.spi.QueueChannel;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link JsonDataQueue} settles the messages it hands out: the retry policy (attempts and
 * back-off), dead-letter decisions, the observer's counts, and the settlements owed because they
 * could not be stored. The same for every transport: each decision ends in one step of the
 * queue's {@link QueueChannel}. Thread-safe.
 */
final class QueueSettlements {

    private static final Logger log = LoggerFactory.getLogger(QueueSettlements.class);

    private final QueueChannel channel;

    private final QueueOptions options;

    private final QueueObserver observer;

    private final OwedSettlements owed = new OwedSettlements();

    private final FailureClassifier classifier;

    QueueSettlements(QueueChannel channel, QueueOptions options) {
        this.channel = channel;
        this.options = options;
        this.observer = options.observer();
        this.classifier = new FailureClassifier(options.notRetryable());
    }

    private String location() {
        return channel.location();
    }

    /** Tries the settlements owed once more, before a take. */
    void retryOwed() {
        owed.retry();
    }

    /** Forgets the settlements owed: the queue closed, and its channel gave their claims back. */
    void forgetOwed() {
        owed.clear();
    }

    /**
     * Dead-letters a message no handler will see; when that cannot be stored (a full disk), keeps
     * it claimed and owed instead of failing the take, so the consumer goes on with the others.
     */
    void setAside(Claim claim, String reason, Throwable cause) {
        try {
            deadLetter(claim, reason, cause);
        } catch (IpsyncException storeFailed) {
            owed.add(claim.messageId(), () -> deadLetter(claim, reason, cause));
            log.warn("Cannot dead-letter {} yet ({}); it stays claimed by this consumer and is tried again before the"
                    + " next take", claim.messageId(), storeFailed.getMessage());
        }
    }

    /**
     * A handled message could not be settled (see {@link ReceivedMessage#handleWith}): it stays
     * claimed, and the settlement is tried again before each take; unless its claim is lost, when
     * there is nothing left to settle.
     */
    void oweSettlement(ReceivedMessage message, Throwable failure, IpsyncException settleFailed) {
        if (settleFailed.getCause() instanceof ClaimLostException) {
            log.warn("Not settling {}: its claim is lost ({})", message.metadata().name(), settleFailed.getMessage());
            return; // nothing left to settle: the message is another consumer's now, or gone
        }
        owed.add(message.metadata().name(), () -> message.complete(failure));
        log.warn("Cannot settle {} yet ({}); it stays claimed by this consumer and is tried again before the next take",
                message.metadata().name(), settleFailed.getMessage());
    }

    void acknowledge(Claim claim, MessageMetadata metadata, long handlingNanos) {
        try {
            channel.acknowledge(claim);
        } catch (IOException e) {
            throw new IpsyncException("Cannot acknowledge " + claim.messageId() + " of " + location() + ": " + e, e);
        }
        observer.acknowledged(metadata, Duration.ofNanos(handlingNanos));
    }

    /** Tells the observer that handling a message failed; before its retry or dead letter is stored. */
    void observeFailure(MessageMetadata metadata, Throwable cause) {
        observer.failed(metadata, cause);
    }

    /**
     * Retries after the back-off, unless the failure is not retryable ({@link FailureClassifier})
     * or this was the last attempt: then the message is dead-lettered, its reason saying which.
     */
    Settlement retry(Claim claim, MessageMetadata metadata, Throwable cause) {
        Throwable notRetryable = classifier.notRetryableCause(cause);
        if (notRetryable != null) {
            deadLetter(claim, notRetriedReason(claim, cause, notRetryable), cause);
            return Settlement.DEAD_LETTERED;
        }
        return retryAfter(claim, metadata, cause, options.backOff().delayAfter(claim.attempt()));
    }

    /**
     * Schedules the message's next delivery after {@code delay}; or dead-letters it when this was
     * its last attempt (the queue's max attempts bound every retry: a message taken past them is
     * dead-lettered, as when its consumer died).
     */
    Settlement retryAfter(Claim claim, MessageMetadata metadata, Throwable cause, Duration delay) {
        if (claim.attempt() >= options.maxAttempts()) {
            deadLetter(claim, "failed on its last attempt (" + claim.attempt() + " of " + options.maxAttempts() + "): "
                    + cause, cause);
            return Settlement.DEAD_LETTERED;
        }
        try {
            channel.retryLater(claim, Instant.now().plus(delay));
        } catch (IOException e) {
            throw new IpsyncException("Cannot schedule a retry of " + claim.messageId() + " of " + location() + ": " + e, e);
        }
        observer.retryScheduled(metadata, delay, cause);
        return Settlement.RETRY_SCHEDULED;
    }

    /**
     * For example {@code not retried (attempt 1 of 3), java.lang.IllegalArgumentException is not
     * retryable: java.lang.IllegalArgumentException: quantity 0}, or, where a cause decided it,
     * {@code ..., its cause java.lang.IllegalArgumentException is not retryable: <the failure>,
     * caused by java.lang.IllegalArgumentException: quantity 0}.
     */
    private String notRetriedReason(Claim claim, Throwable failure, Throwable notRetryable) {
        String attempt = "not retried (attempt " + claim.attempt() + " of " + options.maxAttempts() + "), ";
        if (notRetryable == failure) {
            return attempt + failure.getClass().getName() + " is not retryable: " + failure;
        }
        return attempt + "its cause " + notRetryable.getClass().getName() + " is not retryable: " + failure
                + ", caused by " + notRetryable;
    }

    /** A handled message whose payload could not be converted: never worth another attempt. */
    void rejectUnconvertible(Claim claim, MessageConversionException cause) {
        deadLetter(claim, "cannot be converted: " + cause.getMessage(), cause);
    }

    void deadLetter(Claim claim, String reason, Throwable cause) {
        try {
            channel.deadLetter(claim, new DeadLetterReason(reason, cause));
        } catch (IOException e) {
            throw new IpsyncException("Cannot dead-letter " + claim.messageId() + " of " + location() + ": " + e, e);
        }
        observer.deadLettered(location(), claim.messageId(), reason);
    }

    void release(Claim claim) {
        try {
            channel.release(claim);
        } catch (IOException e) {
            throw new IpsyncException("Cannot release " + claim.messageId() + " back to " + location() + ": " + e, e);
        }
    }
}
