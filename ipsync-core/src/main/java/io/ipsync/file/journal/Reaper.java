package io.ipsync.file.journal;

import static io.ipsync.file.journal.JournalFormat.CLAIMED;
import static io.ipsync.file.journal.JournalFormat.DONE_STATE;
import static io.ipsync.file.journal.JournalFormat.FRAME_SOURCE;
import static io.ipsync.file.journal.JournalFormat.FRAME_STATE;
import static io.ipsync.file.journal.JournalFormat.MAIN_CURSOR_AT;
import static io.ipsync.file.journal.JournalFormat.NEW;
import static io.ipsync.file.journal.JournalFormat.RETRY_CHAIN_BIT;
import static io.ipsync.file.journal.JournalFormat.SETTLING_DEAD;
import static io.ipsync.file.journal.JournalFormat.SETTLING_RETRY;
import static io.ipsync.file.journal.JournalFormat.casLong;
import static io.ipsync.file.journal.JournalFormat.getLongVolatile;
import static io.ipsync.file.journal.JournalFormat.kind;
import static io.ipsync.file.journal.JournalFormat.slot;

import io.ipsync.file.JournalHost;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/**
 * Gives back the messages of a slot whose owner is dead (its lock byte held by the caller now):
 * every frame of either chain claimed by the slot, or half-way through a settlement, is copied to
 * the retry chain, due at once with the attempt counted, then marked settled. A frame whose copy
 * is there already (the settlement or an earlier reaper got that far before dying) is only marked;
 * one half-way through being dead-lettered whose dead letter is stored is only marked. So a crash
 * at any step of a settlement or of reaping neither loses nor doubles a message.
 *
 * <h2>Where claims can be</h2>
 * The retry chain is walked whole (retries are taken when due, in no order). The main chain is
 * walked from its low-water mark only as far as its claims can reach: up to the claim cursor and
 * on past it while frames are taken, stopping at the first frame there that is new or not
 * written. That rests on the cursor's invariant ({@link Claimer}): a consumer claims a frame only
 * after passing every frame between where it read the cursor and that frame, each taken already,
 * padding or settled, so between the cursor and any claimed frame no frame is new or unwritten.
 * A reap therefore costs the frames in flight, not the backlog: with hundreds of thousands of
 * messages waiting, every dead process (producers hold slots too) once made every consumer that
 * found it walk the whole backlog, which slowed consumers so much under kills that the backlog
 * kept growing (issue 15).
 */
final class Reaper {

    private final Chain main;

    private final Chain retry;

    private final ByteBuffer meta;

    private final JournalHost host;

    Reaper(Chain main, Chain retry, Meta meta, JournalHost host) {
        this.main = main;
        this.retry = retry;
        this.meta = meta.buffer;
        this.host = host;
    }

    /** The refs ({@link #ref}) of the frames that the retry chain holds copies of. */
    Set<Long> copied() throws IOException {
        Set<Long> sources = new HashSet<>();
        retry.walk(retry.lowWater(), true, (buffer, at, position, length) -> {
            long source = buffer.getLong(at + FRAME_SOURCE);
            if (source != 0) {
                sources.add(source);
            }
            return true;
        });
        return sources;
    }

    static long ref(boolean retryChain, long position) {
        return retryChain ? position | RETRY_CHAIN_BIT : position;
    }

    /** Reaps the dead slot's frames; returns how many messages came back. */
    int reap(int deadSlot) throws IOException {
        Set<Long> copied = copied();
        long cursor = getLongVolatile(meta, MAIN_CURSOR_AT);
        return reap(main, false, deadSlot, copied, cursor) + reap(retry, true, deadSlot, copied, Long.MAX_VALUE);
    }

    /**
     * Reaps the dead slot's frames of one chain, walking from its low-water mark; the walk ends at
     * the first new frame at or past {@code newEndsAt} (the main chain's claim cursor: no claim lies
     * beyond it, see the class comment), or at the first frame start not written.
     */
    private int reap(Chain chain, boolean retryChain, int deadSlot, Set<Long> copied, long newEndsAt) throws IOException {
        int[] reaped = {0};
        chain.walk(chain.lowWater(), true, (buffer, at, position, length) -> {
            long state = getLongVolatile(buffer, at + FRAME_STATE);
            if (state == NEW && position >= newEndsAt) {
                return false;
            }
            int kind = kind(state);
            if ((kind == CLAIMED || kind == SETTLING_RETRY || kind == SETTLING_DEAD) && slot(state) == deadSlot) {
                long ref = ref(retryChain, position);
                String id = Frames.id(Frames.origin(buffer, at));
                boolean done = copied.contains(ref) || kind == SETTLING_DEAD && host.hasDeadLetter(id);
                if (!done) {
                    retry.append(Frames.encodedHeaders(buffer, at), Frames.content(buffer, at), Frames.origin(buffer, at),
                            ref, System.currentTimeMillis(), Frames.attempts(buffer, at) + 1, Frames.putMicros(buffer, at));
                    reaped[0]++;
                    CrashPoints.reach("reaped copy");
                }
                casLong(buffer, at + FRAME_STATE, state, DONE_STATE);
            }
            return true;
        });
        return reaped[0];
    }
}
