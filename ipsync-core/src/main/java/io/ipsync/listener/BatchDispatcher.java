package io.ipsync.listener;

import io.ipsync.IpsyncException;
import io.ipsync.QueueObserver;
import io.ipsync.ReceivedMessage;
import io.ipsync.Settlement;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

/**
 * Runs a {@link BatchHandler} on a batch and settles each message by the outcome, as
 * {@link BatchHandler} describes; the {@link FailureDecider} decides for the failed messages, the
 * error handler hears of each failure afterwards, with its settlement, and the queue's observer of
 * each message's handling ({@link QueueObserver#handled}, the batch's time for each). A settlement
 * that cannot be stored is reported and leaves that message claimed until its queue closes or
 * reclaims it.
 */
final class BatchDispatcher implements Dispatcher<List<ReceivedMessage>> {

    private final String containerId;

    private final BatchHandler handler;

    private final ListenerErrorHandler errorHandler;

    private final FailureDecider decider;

    private final QueueObserver observer;

    BatchDispatcher(String containerId, BatchHandler handler, ListenerErrorHandler errorHandler, FailureDecider decider,
            QueueObserver observer) {
        this.containerId = containerId;
        this.handler = handler;
        this.errorHandler = errorHandler;
        this.decider = decider;
        this.observer = observer;
    }

    @Override
    public void dispatch(List<ReceivedMessage> batch) {
        long start = System.nanoTime();
        Throwable failure = null;
        try {
            handler.handle(Collections.unmodifiableList(batch));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        } catch (Exception | Error e) {
            failure = e;
        }
        int failedIndex = -1;
        Throwable cause = failure;
        if (failure instanceof BatchFailedException failed && failed.index() < batch.size()) {
            failedIndex = failed.index();
            cause = failed.getCause();
        }
        boolean interrupted = failure instanceof InterruptedException || Thread.currentThread().isInterrupted();
        for (int i = 0; i < batch.size(); i++) {
            ReceivedMessage message = batch.get(i);
            Throwable itsFailure = null;
            try {
                if (message.isSettled()) {
                    continue;
                }
                if (failure == null || i < failedIndex) {
                    message.acknowledge();
                } else if (interrupted || (failedIndex >= 0 && i > failedIndex)) {
                    message.release();
                } else {
                    itsFailure = cause;
                    FailureDecisions.apply(containerId, decider, message, cause);
                    Settlement settlement = message.complete(cause);
                    report(message, cause, settlement);
                }
            } catch (IpsyncException settleFailed) {
                itsFailure = settleFailed;
                report(message, settleFailed, message.settlement());
            }
            observer.handled(containerId, message.metadata(), message.settlement(), itsFailure,
                    Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private void report(ReceivedMessage message, Throwable error, Settlement settlement) {
        ErrorReporting.report(errorHandler, new ListenerFailure(
                containerId, message.metadata().queue(), error, message.metadata(), settlement));
    }
}
