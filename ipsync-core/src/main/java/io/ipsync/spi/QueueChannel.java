package io.ipsync.spi;

import io.ipsync.QueueStats;
import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Storage of one queue of messages: the seam below {@link io.ipsync.JsonDataQueue}.
 *
 * <p>A message moves through these states, each change being one atomic step of the layout:
 * waiting, then claimed by exactly one consumer, then either gone (acknowledged), scheduled for
 * a later attempt, dead-lettered, or waiting again (released, or reclaimed from a consumer that
 * died). A message is never in two states at once and never in none, so a crash between any two
 * steps neither loses nor duplicates it; the only duplicate delivery is a message whose consumer
 * died while handling it.
 *
 * <p>Implementations are thread-safe.
 */
public interface QueueChannel extends Closeable {

    /** A human-readable location (a path, a key) for log lines and error messages. */
    String location();

    /**
     * Appends one message; when this returns, the message is visible to every consumer.
     *
     * @param json UTF-8 JSON text, empty for null
     * @return the new message's id
     */
    String put(byte[] json) throws IOException;

    /** Appends messages in order, each one as by {@link #put}; the ids in the same order. */
    List<String> putAll(List<byte[]> messages) throws IOException;

    /**
     * Claims the oldest message that is due, waiting for one up to the timeout.
     *
     * @return the claim, or {@code null} when the timeout passed or {@link #wakeUpWaiters()} was
     *     called first
     */
    Claim claim(long timeoutNanos) throws IOException, InterruptedException;

    /** Removes a handled message for good: the commit point of at-least-once delivery. */
    void acknowledge(Claim claim) throws IOException;

    /** Gives the message back for another attempt, not before the given instant. */
    void retryLater(Claim claim, Instant notBefore) throws IOException;

    /** Moves the message, with the reason, to where dead letters are kept. */
    void deadLetter(Claim claim, DeadLetterReason reason) throws IOException;

    /** Gives a message back unhandled: it is due at once and this attempt does not count. */
    void release(Claim claim) throws IOException;

    /**
     * Returns to the queue the messages claimed by consumers that have died.
     *
     * @return how many messages were returned or dead-lettered
     */
    int reclaimAbandoned() throws IOException;

    /** How many messages wait to be taken, now or after their retry delay. */
    long size() throws IOException;

    /** The queue's counters, read now. */
    QueueStats stats() throws IOException;

    /** Makes every {@link #claim} in progress return promptly. */
    void wakeUpWaiters();
}
