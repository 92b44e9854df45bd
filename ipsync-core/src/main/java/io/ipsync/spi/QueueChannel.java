package io.ipsync.spi;

import io.ipsync.QueueStats;
import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Storage of one queue of messages: the seam below {@link io.ipsync.JsonDataQueue}, the same
 * contract for every transport.
 *
 * <h2>States</h2>
 * A message moves through these states, each change being one atomic step of the transport:
 * waiting, then claimed by exactly one consumer, then either gone (acknowledged), scheduled for
 * a later attempt, dead-lettered, or waiting again (released, or reclaimed from a consumer that
 * died). A message is never in two states at once and never in none, so a crash between any two
 * steps neither loses nor duplicates it; the only duplicate delivery is a message whose consumer
 * died, or was taken for dead, while handling it.
 *
 * <h2>Order</h2>
 * One producer's messages are claimed in the order it put them; messages due for a retry are
 * claimed when due, before waiting messages.
 *
 * <h2>Claims and liveness</h2>
 * A claim stays this consumer's for as long as the channel is open and its process lives, however
 * long handling takes: the transport keeps it alive by itself (the file transport holds an OS
 * lock; a networked transport renews a lease before it runs out), so callers never have to. Once
 * the process dies, its claims come back to other consumers, their attempt counted, within the
 * transport's reclaim interval or lease. A settlement of a claim that is no longer this consumer's
 * throws {@link ClaimLostException} and changes nothing; other failures are {@link IOException}s
 * worth trying again (the same claim may be settled again after one).
 *
 * <h2>Interrupts</h2>
 * {@link #claim} and {@link #claimBatch} wait interruptibly and throw
 * {@link InterruptedException} (never a claim taken on an interrupted thread, never an interrupt
 * disguised as an {@link IOException}). Settlements are not interruptible: they complete on an
 * interrupted thread and leave its interrupt status set, so a stopping consumer can still give its
 * messages back.
 *
 * <h2>Closing</h2>
 * {@link #close()} ends waits in progress, lets claims in progress finish, gives back every message
 * claimed through this channel and not settled (due at once, the attempt not counted), and gives up
 * the consumer's identity. Waiting messages stay.
 *
 * <p>Implementations are thread-safe.
 */
public interface QueueChannel extends Closeable {

    /**
     * Where the channel is, for log lines, error messages and metrics: what its transport's
     * {@link TransportProvider#location(io.ipsync.ChannelAddress)} gives for the address it was
     * opened at (a path; a server and a channel name), never secrets.
     */
    String location();

    /**
     * Appends one message; when this returns, the message is visible to every consumer.
     *
     * @param json UTF-8 JSON text, empty for null
     * @param headers the message's headers, already checked ({@link MessageHeaders#check}); empty for none
     * @return the new message's id
     */
    String put(byte[] json, Map<String, String> headers) throws IOException;

    /** Appends a message without headers. */
    default String put(byte[] json) throws IOException {
        return put(json, Map.of());
    }

    /**
     * Appends messages in order, each one as by {@link #put}; a failure part way leaves the ones
     * before it in the queue. Transports may send them in one round trip.
     *
     * <p>A message {@linkplain OutgoingMessage#isDelayed delayed} by its
     * {@link OutgoingMessage#notBefore() notBefore} is stored at once and becomes waiting no earlier
     * than that time (the producer's clock decides it: a networked transport turns it into a delay
     * from now); until then it counts as scheduled, as a retry does, and no consumer can claim it.
     * Once due it is claimed as a new message (attempt 1): as due retries are on files (before
     * waiting messages), behind the messages waiting on Redis. Its id may
     * change when it becomes due (the Redis transport gives it its stream id then). A transport
     * that cannot delay messages refuses a delayed one with {@link UnsupportedOperationException},
     * never puts it at once.
     *
     * @return the ids in the same order
     */
    List<String> putAll(List<OutgoingMessage> messages) throws IOException;

    /** Appends one message, delayed or not, as {@link #putAll} does; returns its id. */
    default String put(OutgoingMessage message) throws IOException {
        return putAll(List.of(message)).get(0);
    }

    /**
     * Claims the oldest message that is due, waiting for one up to the timeout.
     *
     * @return the claim, or {@code null} when the timeout passed or {@link #wakeUpWaiters()} was
     *     called first
     */
    Claim claim(long timeoutNanos) throws IOException, InterruptedException;

    /**
     * Claims up to {@code maxMessages} messages that are due: waits up to the timeout for the
     * first, then takes those due at once without waiting again.
     *
     * @return the claims, oldest first; empty when the timeout passed or {@link #wakeUpWaiters()}
     *     was called first
     */
    default List<Claim> claimBatch(int maxMessages, long timeoutNanos) throws IOException, InterruptedException {
        if (maxMessages < 1) {
            throw new IllegalArgumentException("maxMessages must be at least 1 but was " + maxMessages);
        }
        Claim first = claim(timeoutNanos);
        if (first == null) {
            return List.of();
        }
        List<Claim> claims = new ArrayList<>(Math.min(maxMessages, 64));
        claims.add(first);
        while (claims.size() < maxMessages) {
            Claim next = claim(0);
            if (next == null) {
                break;
            }
            claims.add(next);
        }
        return claims;
    }

    /** Removes a handled message for good: the commit point of at-least-once delivery. */
    void acknowledge(Claim claim) throws IOException;

    /** Gives the message back for another attempt, not before the given instant; its attempt counts. */
    void retryLater(Claim claim, Instant notBefore) throws IOException;

    /** Moves the message, with its headers and the reason, to where dead letters are kept. */
    void deadLetter(Claim claim, DeadLetterReason reason) throws IOException;

    /** Gives a message back unhandled: it is due at once and this attempt does not count. */
    void release(Claim claim) throws IOException;

    /**
     * Returns to the queue the messages claimed by consumers that have died. Transports also do
     * this by themselves while consumers claim; this call is for tools and tests.
     *
     * @return how many messages were returned or dead-lettered
     */
    int reclaimAbandoned() throws IOException;

    /** How many messages wait to be taken, now or after their retry delay. */
    long size() throws IOException;

    /** The queue's counters, read now. */
    QueueStats stats() throws IOException;

    /** The queue's dead letters. */
    DeadLetterStore deadLetters();

    /**
     * The values of the header {@code name} on the queue's messages in every state but gone
     * (waiting, claimed, scheduled for a retry, dead-lettered), read without taking or changing any.
     * For tools that must recognise messages they put before (a move run again after it was
     * killed), not for the hot path: it may read the whole queue. A snapshot taken state by state:
     * a message that moves between states while it runs may be missed.
     *
     * @throws UnsupportedOperationException where the transport cannot read messages without
     *     taking them
     */
    default Set<String> headerValues(String name) throws IOException {
        throw new UnsupportedOperationException("The queue " + location() + " cannot be searched by header");
    }

    /** Makes every {@link #claim} in progress return promptly. */
    void wakeUpWaiters();
}
