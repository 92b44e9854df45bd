package io.ipsync.listener;

import io.ipsync.IpsyncException;
import io.ipsync.MessageHandler;
import io.ipsync.QueueObserver;
import io.ipsync.ReceivedMessage;
import io.ipsync.ReceivedMessage.HandlingOutcome;
import io.ipsync.Settlement;
import java.time.Duration;

/**
 * Runs the handler on a message and settles it by the outcome (see
 * {@link ReceivedMessage#handleWith(MessageHandler)}): acknowledged on return; on an exception, as
 * the {@link FailureDecider} decides, or retried or dead-lettered by the queue's policy; the error
 * handler hears of every failure afterwards, with the settlement, and the queue's observer of
 * every handling ({@link QueueObserver#handled}); all of it in the container's {@link HandlingScope}.
 */
final class QueueDispatcher implements Dispatcher<ReceivedMessage> {

    private final String containerId;

    private final MessageHandler handler;

    private final ListenerErrorHandler errorHandler;

    private final FailureDecider decider;

    private final QueueObserver observer;

    private final HandlingScope scope;

    QueueDispatcher(String containerId, MessageHandler handler, ListenerErrorHandler errorHandler, FailureDecider decider,
            QueueObserver observer, HandlingScope scope) {
        this.containerId = containerId;
        this.handler = handler;
        this.errorHandler = errorHandler;
        this.decider = decider;
        this.observer = observer;
        this.scope = scope;
    }

    @Override
    public void dispatch(ReceivedMessage message) {
        long start = System.nanoTime();
        try (HandlingScope.Handling handling = scope.open(containerId, message.metadata())) {
            try {
                HandlingOutcome outcome = message.handleWith(this::handleDeciding);
                observe(message, outcome.settlement(), outcome.failure(), start);
                if (outcome.failure() != null) {
                    handling.failed(outcome.failure());
                    report(message, outcome.failure(), outcome.settlement());
                }
            } catch (IpsyncException settleFailed) {
                handling.failed(settleFailed);
                observe(message, message.settlement(), settleFailed, start);
                report(message, settleFailed, message.settlement());
            }
        }
    }

    private void observe(ReceivedMessage message, Settlement settlement, Throwable failure, long start) {
        observer.handled(containerId, message.metadata(), settlement, failure, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Runs the handler; when it fails, lets the decider settle the message before the failure goes
     * on to {@link ReceivedMessage#handleWith}, which then finds it settled (or, where the decider
     * left it to the queue, settles it by the queue's policy) and reports it.
     */
    private void handleDeciding(ReceivedMessage message) throws Exception {
        try {
            handler.handle(message);
        } catch (InterruptedException interrupted) {
            throw interrupted;
        } catch (Exception | Error failure) {
            if (!message.isSettled() && !Thread.currentThread().isInterrupted()) {
                FailureDecisions.apply(containerId, decider, message, failure);
            }
            throw failure;
        }
    }

    private void report(ReceivedMessage message, Throwable error, Settlement settlement) {
        ErrorReporting.report(errorHandler, new ListenerFailure(
                containerId, message.metadata().queue(), error, message.metadata(), settlement));
    }
}
