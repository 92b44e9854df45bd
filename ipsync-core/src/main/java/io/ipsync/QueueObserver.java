package io.ipsync;

import java.time.Duration;
import java.util.List;

/**
 * Told what happens to a queue's messages, for metrics and logs. Called on the thread that did
 * the work, so implementations must be quick and must not throw; every method does nothing by
 * default.
 */
public interface QueueObserver {

    /** Observes nothing. */
    QueueObserver NONE = new QueueObserver() {
    };

    /** One observer that tells each of the given ones, in order. */
    static QueueObserver all(List<? extends QueueObserver> observers) {
        List<QueueObserver> copy = List.copyOf(observers);
        if (copy.isEmpty()) {
            return NONE;
        }
        if (copy.size() == 1) {
            return copy.get(0);
        }
        return new QueueObserver() {

            @Override
            public void sent(String queue, int count) {
                copy.forEach(observer -> observer.sent(queue, count));
            }

            @Override
            public void received(MessageMetadata message) {
                copy.forEach(observer -> observer.received(message));
            }

            @Override
            public void acknowledged(MessageMetadata message, Duration handlingTime) {
                copy.forEach(observer -> observer.acknowledged(message, handlingTime));
            }

            @Override
            public void failed(MessageMetadata message, Throwable cause) {
                copy.forEach(observer -> observer.failed(message, cause));
            }

            @Override
            public void retryScheduled(MessageMetadata message, Duration delay, Throwable cause) {
                copy.forEach(observer -> observer.retryScheduled(message, delay, cause));
            }

            @Override
            public void deadLettered(String queue, String name, String reason) {
                copy.forEach(observer -> observer.deadLettered(queue, name, reason));
            }

            @Override
            public void handled(String listenerId, MessageMetadata message, Settlement settlement, Throwable failure,
                    Duration handlingTime) {
                copy.forEach(observer -> observer.handled(listenerId, message, settlement, failure, handlingTime));
            }
        };
    }

    /** Messages were put on the queue. */
    default void sent(String queue, int count) {
    }

    /** A message was taken and handed to a consumer. */
    default void received(MessageMetadata message) {
    }

    /** A message was handled and removed; {@code handlingTime} runs from receipt to acknowledgement. */
    default void acknowledged(MessageMetadata message, Duration handlingTime) {
    }

    /**
     * Handling a message failed: its handler threw, or its payload could not be converted. Followed
     * by {@link #retryScheduled} or {@link #deadLettered}.
     */
    default void failed(MessageMetadata message, Throwable cause) {
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

    /**
     * A listener container handled a message: called once per delivery, after its settlement,
     * whatever the outcome (the calls above for the same message came first).
     *
     * @param listenerId the container's id
     * @param settlement what became of the message; {@link Settlement#PENDING} when its settlement
     *     could not be stored (it is owed, and tried again)
     * @param failure what the handler threw, or {@code null} when it returned normally
     * @param handlingTime from the container taking the message to its settlement
     */
    default void handled(String listenerId, MessageMetadata message, Settlement settlement, Throwable failure,
            Duration handlingTime) {
    }
}
