package io.ipsync.listener;

import io.ipsync.ReceivedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks a {@link FailureDecider} about a failed message and settles it as it decides. */
final class FailureDecisions {

    private static final Logger log = LoggerFactory.getLogger(FailureDecisions.class);

    private FailureDecisions() {
    }

    /**
     * Settles the message as the decider decides; leaves it unsettled for the queue's policy when
     * the decider says so, returns {@code null} or throws (logged).
     */
    static void apply(String containerId, FailureDecider decider, ReceivedMessage message, Throwable failure) {
        FailureDecision decision;
        try {
            decision = decider.decide(message, failure);
        } catch (RuntimeException | Error e) {
            log.error("The failure decider of listener {} failed on {}; the queue's policy decides instead", containerId,
                    message.metadata().name(), e);
            return;
        }
        if (decision == null) {
            return;
        }
        switch (decision.kind()) {
            case RETRY -> message.retry(failure, decision.delay());
            case DEAD_LETTER -> message.deadLetter(decision.reason() + ": " + failure, failure);
            case GIVE_BACK -> message.release();
            case BY_QUEUE -> {
            }
        }
    }
}
