package io.ipsync.listener;

import io.ipsync.internal.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link FailureDecider} decides for a queue message whose handler failed, before the
 * message is settled. Immutable.
 */
public final class FailureDecision {

    /** The kinds of decision. */
    public enum Kind {

        /** The queue's own policy: not-retryable types, back-off and max attempts. */
        BY_QUEUE,

        /** Delivered again after the decision's delay instead of the queue's back-off; bounded by its max attempts. */
        RETRY,

        /** Set aside as a dead letter at once, with the decision's reason. */
        DEAD_LETTER,

        /** Given back unhandled: due again at once, this attempt not counted. */
        GIVE_BACK
    }

    private static final FailureDecision BY_QUEUE = new FailureDecision(Kind.BY_QUEUE, null, null);

    private static final FailureDecision GIVE_BACK = new FailureDecision(Kind.GIVE_BACK, null, null);

    private final Kind kind;

    private final Duration delay;

    private final String reason;

    private FailureDecision(Kind kind, Duration delay, String reason) {
        this.kind = kind;
        this.delay = delay;
        this.reason = reason;
    }

    /** Leave it to the queue: retried with its back-off, dead-lettered after its last attempt or when not retryable. */
    public static FailureDecision byQueue() {
        return BY_QUEUE;
    }

    /**
     * Deliver the message again after {@code delay} (zero for at once) instead of after the
     * queue's back-off, also for a failure the queue does not retry, counting the attempt. The
     * queue's max attempts still bound it: after the last attempt the message is dead-lettered (a
     * decider that wants to stop earlier decides by the message's
     * {@link io.ipsync.MessageMetadata#attempt() attempt}).
     */
    public static FailureDecision retryAfter(Duration delay) {
        return new FailureDecision(Kind.RETRY, Durations.requireNotNegative(delay, "delay"), null);
    }

    /** Dead-letter the message now; {@code reason} is stored with it, followed by the failure. */
    public static FailureDecision deadLetter(String reason) {
        return new FailureDecision(Kind.DEAD_LETTER, null, Objects.requireNonNull(reason, "reason"));
    }

    /**
     * Give the message back unhandled: due again at once (for this or another consumer), this
     * attempt not counted. For a failure that says nothing about the message (this consumer cannot
     * reach what it needs); a decider that always gives back delivers the message forever.
     */
    public static FailureDecision giveBack() {
        return GIVE_BACK;
    }

    public Kind kind() {
        return kind;
    }

    /** The delay of a {@link Kind#RETRY}, {@code null} otherwise. */
    public Duration delay() {
        return delay;
    }

    /** The reason of a {@link Kind#DEAD_LETTER}, {@code null} otherwise. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case RETRY -> "FailureDecision[retry after " + delay + "]";
            case DEAD_LETTER -> "FailureDecision[dead-letter: " + reason + "]";
            default -> "FailureDecision[" + kind + "]";
        };
    }
}
