package io.ipsync;

import java.time.Duration;

/**
 * Told what happens to a queue's messages, for metrics and logs. Called on the thread that did
 * the work, so implementations must be quick and must not throw; every method does nothing by
 * default.
 */
public interface QueueObserver {

    /** Observes nothing. */
    QueueObserver NONE = new QueueObserver() {
    };

    /** Messages were put on the queue. */
    default void sent(String queue, int count) {
    }

    /** A message was taken and handed to a consumer. */
    default void received(MessageMetadata message) {
    }

    /** A message was handled and removed; {@code handlingTime} runs from receipt to acknowledgement. */
    default void acknowledged(MessageMetadata message, Duration handlingTime) {
    }

    /** A message failed and will be attempted again after {@code delay}. */
    default void retryScheduled(MessageMetadata message, Duration delay, Throwable cause) {
    }

    /**
     * A message was set aside as a dead letter.
     *
     * @param queue the queue's location
     * @param name the message's name
     * @param reason why
     */
    default void deadLettered(String queue, String name, String reason) {
    }
}
