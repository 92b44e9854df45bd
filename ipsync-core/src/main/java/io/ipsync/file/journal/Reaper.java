package io.ipsync.file.journal;

import static io.ipsync.file.journal.JournalFormat.CLAIMED;
import static io.ipsync.file.journal.JournalFormat.DONE_STATE;
import static io.ipsync.file.journal.JournalFormat.FRAME_SOURCE;
import static io.ipsync.file.journal.JournalFormat.FRAME_STATE;
import static io.ipsync.file.journal.JournalFormat.RETRY_CHAIN_BIT;
import static io.ipsync.file.journal.JournalFormat.SETTLING_DEAD;
import static io.ipsync.file.journal.JournalFormat.SETTLING_RETRY;
import static io.ipsync.file.journal.JournalFormat.casLong;
import static io.ipsync.file.journal.JournalFormat.getLongVolatile;
import static io.ipsync.file.journal.JournalFormat.kind;
import static io.ipsync.file.journal.JournalFormat.slot;

import io.ipsync.file.JournalHost;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Gives back the messages of a slot whose owner is dead (its lock byte held by the caller now):
 * every frame of either chain claimed by the slot, or half-way through a settlement, is copied to
 * the retry chain, due at once with the attempt counted, then marked settled. A frame whose copy
 * is there already (the settlement or an earlier reaper got that far before dying) is only marked;
 * one half-way through being dead-lettered whose dead letter is stored is only marked. So a crash
 * at any step of a settlement or of reaping neither loses nor doubles a message.
 */
final class Reaper {

    private final Chain main;

    private final Chain retry;

    private final JournalHost host;

    Reaper(Chain main, Chain retry, JournalHost host) {
        this.main = main;
        this.retry = retry;
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
        return reap(main, false, deadSlot, copied) + reap(retry, true, deadSlot, copied);
    }

    private int reap(Chain chain, boolean retryChain, int deadSlot, Set<Long> copied) throws IOException {
        int[] reaped = {0};
        chain.walk(chain.lowWater(), true, (buffer, at, position, length) -> {
            long state = getLongVolatile(buffer, at + FRAME_STATE);
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
