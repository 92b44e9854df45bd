package io.ipsync.file.journal;

import static io.ipsync.file.journal.JournalFormat.FRAME_DUE_MILLIS;
import static io.ipsync.file.journal.JournalFormat.FRAME_STATE;
import static io.ipsync.file.journal.JournalFormat.NEW;
import static io.ipsync.file.journal.JournalFormat.getLongVolatile;

import java.io.IOException;
import java.util.PriorityQueue;

/**
 * This channel's view of the retry chain: the waiting frames it has read, by due time. Retries
 * are not taken in chain order but when due, so each channel reads the chain once, as it grows,
 * and keeps the position and due time of every frame still waiting; taking one is the same CAS on
 * its state word as in the main chain, and an entry another consumer took is dropped when its CAS
 * fails. Memory: two longs per waiting retry.
 */
final class RetryIndex {

    private final Chain chain;

    private final PriorityQueue<long[]> waiting = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));

    private long read;

    RetryIndex(Chain chain) {
        this.chain = chain;
        this.read = chain.lowWater();
    }

    /** Reads the frames appended since the last call; returns the position reading stopped at. */
    synchronized long refresh() throws IOException {
        read = chain.walk(read, false, (buffer, at, position, length) -> {
            if (getLongVolatile(buffer, at + FRAME_STATE) == NEW) {
                waiting.add(new long[] {buffer.getLong(at + FRAME_DUE_MILLIS), position});
            }
            return true;
        });
        return read;
    }

    /** The position of the earliest-due waiting frame due at {@code nowMillis}, removed from the index; -1 for none. */
    synchronized long pollDue(long nowMillis) {
        long[] first = waiting.peek();
        if (first == null || first[0] > nowMillis) {
            return -1;
        }
        waiting.poll();
        return first[1];
    }

    /** When the earliest waiting frame is due, or {@link Long#MAX_VALUE} for none. */
    synchronized long nextDueMillis() {
        long[] first = waiting.peek();
        return first == null ? Long.MAX_VALUE : first[0];
    }
}
