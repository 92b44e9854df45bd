package io.ipsync;

import java.time.Duration;

/**
 * A snapshot of a queue's counters, read at one moment (each counter by its own listing, so
 * they may disagree by messages that moved while they were read).
 *
 * @param waiting messages ready to be taken now (for the file layout, the {@code q_} files
 *     in the queue directory, the ones a Python consumer sees)
 * @param oldestWaitingAge how long the oldest waiting message has waited, or {@code null} when
 *     none waits
 * @param inFlight messages claimed by consumers and not yet settled
 * @param scheduledRetries messages that failed and wait for their next attempt
 * @param deadLetters messages set aside because they could not be read or handled
 */
public record QueueStats(
        long waiting, Duration oldestWaitingAge, long inFlight, long scheduledRetries, long deadLetters) {
}
