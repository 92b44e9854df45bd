package io.ipsync;

/** What became of a received message. */
public enum Settlement {

    /** Not settled yet: the consumer holds the claim. */
    PENDING,

    /** Handled and removed from the queue. */
    ACKNOWLEDGED,

    /** Failed; it will be delivered again after the back-off. */
    RETRY_SCHEDULED,

    /** Set aside as a dead letter, with the reason. */
    DEAD_LETTERED,

    /** Given back unhandled; due again at once, this attempt not counted. */
    RELEASED
}
