package io.ipsync.listener;

import io.ipsync.ReceivedMessage;

/**
 * Decides what becomes of a queue message whose handler failed, before it is settled, as Spring
 * Kafka's {@code DefaultErrorHandler} does with its classifier and back-off: retry after a delay
 * of its own, dead-letter, give back, or leave it to the queue's policy. Set it on a container
 * with {@link ContainerOptions.Builder#failureDecider(FailureDecider)}.
 *
 * <pre>{@code
 * FailureDecider decider = (message, failure) -> {
 *     if (failure instanceof RateLimitedException limited) {
 *         return FailureDecision.retryAfter(limited.retryAfter());   // the service says when
 *     }
 *     if (failure instanceof CustomerBlockedException) {
 *         return FailureDecision.deadLetter("customer blocked");
 *     }
 *     return FailureDecision.byQueue();
 * };
 * }</pre>
 *
 * <p>Not asked when the handler settled the message itself, nor when it was interrupted (a
 * stopping container gives the message back). The {@link ListenerErrorHandler} still hears of
 * every failure afterwards, with the settlement that was made. A decider that throws is logged,
 * and the queue's policy decides instead. Called on listener threads, concurrently: thread-safe.
 */
@FunctionalInterface
public interface FailureDecider {

    /** Leaves every failure to the queue's policy. */
    FailureDecider BY_QUEUE = (message, failure) -> FailureDecision.byQueue();

    /**
     * @param message the failed message, not settled yet (its metadata has the attempt and headers)
     * @param failure what the handler threw
     * @return the decision; {@code null} counts as {@link FailureDecision#byQueue()}
     */
    FailureDecision decide(ReceivedMessage message, Throwable failure);
}
