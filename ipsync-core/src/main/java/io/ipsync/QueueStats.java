package io.ipsync;

import java.time.Duration;

/**
 * A snapshot of a queue's counters, each read at about the same moment (they may disagree by
 * messages that moved while they were read). The same for every transport.
 *
 * @param waiting messages ready to be taken now
 * @param oldestWaitingAge how long the oldest waiting message has waited, or {@code null} when
 *     none waits
 * @param inFlight messages claimed by consumers and not yet settled
 * @param scheduledRetries messages scheduled for later and not due yet: those that failed and wait
 *     for their next attempt, and those put for later
 * @param deadLetters messages set aside because they could not be read or handled
 */
public record QueueStats(
        long waiting, Duration oldestWaitingAge, long inFlight, long scheduledRetries, long deadLetters) {
}
