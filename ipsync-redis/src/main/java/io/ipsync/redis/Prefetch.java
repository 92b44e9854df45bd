package io.ipsync.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The messages one consumer took from the server ahead of its handlers, and how many it takes
 * next (see {@link RedisSettings#prefetch()}).
 *
 * <p>Every message here is in the consumer's {@link HeldClaims} as well: renewed with its other
 * claims and given back by {@link HeldClaims#drain()} when the channel closes. One that a renewal
 * found lost (taken over, or removed from outside) is dropped when its turn comes, never handed
 * out.
 *
 * <p>The server records which messages a consumer took ahead ({@code :ahead}, see
 * {@code take.lua}), so that those a dead consumer never handed out come back without an attempt
 * counted; a message handed out must therefore leave that record before its handler runs. Where
 * an acknowledgement comes first (a consumer that takes, handles and acknowledges in a loop), it
 * takes the next message out of the record in the same step ({@link #next()}): that message is
 * then <em>recorded</em>, and goes out first. Any other message handed out leaves the record by a
 * command its caller sends without waiting ({@link HandOut#unrecorded()}).
 *
 * <p>The amount taken grows while a backlog lasts: it doubles after each take that found all it
 * asked for, up to the most allowed, and falls back to what the caller asks for after one that
 * found fewer. A consumer fed message by message thus never holds more than it handles, and one
 * that restarts beside a message that keeps killing it takes that message alone.
 *
 * <p>Thread-safe.
 */
final class Prefetch {

    /** Messages handed out: all of them, and those of them still in the server's record of messages taken ahead. */
    record HandOut(List<QueueScripts.Entry> entries, List<QueueScripts.Entry> unrecorded) {
    }

    private final ConcurrentLinkedDeque<QueueScripts.Entry> waiting = new ConcurrentLinkedDeque<>();

    /** Taken out of the server's record by an acknowledgement, to go out before those {@link #waiting}. */
    private final ConcurrentLinkedDeque<QueueScripts.Entry> recorded = new ConcurrentLinkedDeque<>();

    private final HeldClaims held;

    private final int most;

    /** How many the next take asks for, at least; 1 after a take that found fewer than it asked for. */
    private volatile int next = 1;

    /** @param most the most messages one take asks for ({@link RedisSettings#prefetch()}) */
    Prefetch(HeldClaims held, int most) {
        this.held = held;
        this.most = most;
    }

    /** Hands out up to {@code max} messages taken earlier, oldest first, skipping those no longer held. */
    HandOut handOut(int max) {
        List<QueueScripts.Entry> entries = new ArrayList<>(Math.min(max, 16));
        int fromRecorded = pollHeld(recorded, max, entries);
        pollHeld(waiting, max, entries);
        return new HandOut(entries, entries.subList(fromRecorded, entries.size()));
    }

    private int pollHeld(ConcurrentLinkedDeque<QueueScripts.Entry> from, int max, List<QueueScripts.Entry> into) {
        int before = into.size();
        QueueScripts.Entry entry;
        while (into.size() < max && (entry = from.pollFirst()) != null) {
            if (held.holds(held(entry))) {
                into.add(entry);
            }
        }
        return into.size() - before;
    }

    /**
     * The message to hand out next, for an acknowledgement to take out of the server's record in
     * its step; {@code null} when none waits. Give it to {@link #recorded} once that step is done,
     * or back to {@link #putBack} when it failed.
     */
    QueueScripts.Entry next() {
        QueueScripts.Entry entry;
        while ((entry = waiting.pollFirst()) != null) {
            if (held.holds(held(entry))) {
                return entry;
            }
        }
        return null;
    }

    /** A message from {@link #next()} that left the server's record: it goes out first. */
    void recorded(QueueScripts.Entry entry) {
        recorded.addLast(entry);
    }

    /** A message from {@link #next()} whose step failed: still in the server's record, it goes out next as before. */
    void putBack(QueueScripts.Entry entry) {
        waiting.addFirst(entry);
    }

    /** How many messages a take for a caller that asks for {@code max} asks the server for. */
    int amountFor(int max) {
        return Math.max(max, next);
    }

    /**
     * Keeps what a take found beyond the {@code max} its caller asked for, as held claims, and
     * returns what goes to the caller.
     *
     * @param asked what the take asked the server for ({@link #amountFor})
     */
    List<QueueScripts.Entry> keepBeyond(int max, int asked, List<QueueScripts.Entry> found) {
        next = found.size() < asked ? 1 : Math.min(most, Math.max(2, asked * 2));
        if (found.size() <= max) {
            return found;
        }
        for (QueueScripts.Entry extra : found.subList(max, found.size())) {
            held.add(held(extra));
            waiting.addLast(extra);
        }
        return found.subList(0, max);
    }

    /** Takes out every message taken ahead and not handed out yet, for its caller to give back. */
    List<QueueScripts.Entry> drain() {
        List<QueueScripts.Entry> entries = new ArrayList<>();
        QueueScripts.Entry entry;
        while ((entry = recorded.pollFirst()) != null) {
            entries.add(entry);
        }
        while ((entry = waiting.pollFirst()) != null) {
            entries.add(entry);
        }
        return entries;
    }

    /** Forgets the messages taken ahead, once {@link HeldClaims#drain()} gave them back. */
    void clear() {
        waiting.clear();
        recorded.clear();
    }

    static HeldClaims.Held held(QueueScripts.Entry entry) {
        return new HeldClaims.Held(entry.id(), entry.delivery());
    }
}
