package io.ipsync.listener;

import io.ipsync.IpsyncException;
import io.ipsync.MessageHandler;
import io.ipsync.ReceivedMessage;
import io.ipsync.ReceivedMessage.HandlingOutcome;
import io.ipsync.Settlement;

/**
 * Runs the handler on a message and settles it by the outcome (see
 * {@link ReceivedMessage#handleWith(MessageHandler)}): acknowledged on return, retried or dead-lettered
 * on an exception; the error handler hears of every failure afterwards, with the settlement.
 */
final class QueueDispatcher implements Dispatcher<ReceivedMessage> {

    private final String containerId;

    private final MessageHandler handler;

    private final ListenerErrorHandler errorHandler;

    QueueDispatcher(String containerId, MessageHandler handler, ListenerErrorHandler errorHandler) {
        this.containerId = containerId;
        this.handler = handler;
        this.errorHandler = errorHandler;
    }

    @Override
    public void dispatch(ReceivedMessage message) {
        try {
            HandlingOutcome outcome = message.handleWith(handler);
            if (outcome.failure() != null) {
                report(message, outcome.failure(), outcome.settlement());
            }
        } catch (IpsyncException settleFailed) {
            report(message, settleFailed, message.settlement());
        }
    }

    private void report(ReceivedMessage message, Throwable error, Settlement settlement) {
        ErrorReporting.report(errorHandler, new ListenerFailure(
                containerId, message.metadata().queue(), error, message.metadata(), settlement));
    }
}
