package io.ipsync.file.journal;

import static io.ipsync.file.journal.JournalFormat.SLOT_ACTIVE;
import static io.ipsync.file.journal.JournalFormat.SLOT_FREE;
import static io.ipsync.file.journal.JournalFormat.SLOT_GENERATION;
import static io.ipsync.file.journal.JournalFormat.SLOT_PID;
import static io.ipsync.file.journal.JournalFormat.SLOT_STATE;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slot table: every open channel of a journal owns one slot (its state, generation and, for
 * people only, its PID) and holds the slot's lock byte ({@link SlotLocks}) while it is open. A
 * claim names the slot and the generation it was taken under, so settling it checks both against
 * the frame's state word: a claim of an earlier owner of the slot can never be settled by a later
 * one. A slot whose lock byte can be taken has no live owner: its claims are reaped
 * ({@link Reaper}) before the slot is given to anyone again.
 */
final class Participants {

    private static final Logger log = LoggerFactory.getLogger(Participants.class);

    private final Meta meta;

    private final SlotLocks locks;

    private final Reaper reaper;

    private final String location;

    Participants(Meta meta, SlotLocks locks, Reaper reaper, String location) {
        this.meta = meta;
        this.locks = locks;
        this.reaper = reaper;
        this.location = location;
    }

    /** Takes a slot for a new channel, reaping what a dead former owner left; returns {@code slot << 32 | generation}. */
    long join() throws IOException {
        for (int pass = 0; pass < 2; pass++) {
            for (int slot = 0; slot < meta.slots; slot++) {
                int state = state(slot);
                if (pass == 0 && state != SLOT_FREE) {
                    continue;
                }
                if (locks.tryLock(slot) != SlotLocks.Probe.ACQUIRED) {
                    continue;
                }
                try {
                    if (state != SLOT_FREE) {
                        reapLocked(slot);
                    }
                    ByteBuffer buffer = meta.buffer;
                    int at = meta.slotAt(slot);
                    int generation = buffer.getInt(at + SLOT_GENERATION) + 1;
                    JournalFormat.INT.setVolatile(buffer, at + SLOT_GENERATION, generation);
                    buffer.putLong(at + SLOT_PID, ProcessHandle.current().pid());
                    JournalFormat.INT.setVolatile(buffer, at + SLOT_STATE, SLOT_ACTIVE);
                    return (long) slot << 32 | (generation & 0xFFFF_FFFFL);
                } catch (IOException | RuntimeException e) {
                    locks.unlock(slot);
                    throw e;
                }
            }
        }
        throw new IOException("All " + meta.slots + " slots of the journal " + location + " are held by open channels;"
                + " close some (each open queue channel holds one)");
    }

    /** Gives up this channel's slot: nothing of it is claimed any more. */
    void leave(int slot) throws IOException {
        JournalFormat.INT.setVolatile(meta.buffer, meta.slotAt(slot) + SLOT_STATE, SLOT_FREE);
        locks.unlock(slot);
    }

    /** Reaps every slot whose owner has died; returns how many messages came back. */
    int reapDead() throws IOException {
        int reaped = 0;
        for (int slot = 0; slot < meta.slots; slot++) {
            if (state(slot) == SLOT_FREE || locks.tryLock(slot) != SlotLocks.Probe.ACQUIRED) {
                continue;
            }
            try {
                if (state(slot) != SLOT_FREE) {
                    reaped += reapLocked(slot);
                    JournalFormat.INT.setVolatile(meta.buffer, meta.slotAt(slot) + SLOT_STATE, SLOT_FREE);
                }
            } finally {
                locks.unlock(slot);
            }
        }
        return reaped;
    }

    private int reapLocked(int slot) throws IOException {
        int reaped = reaper.reap(slot);
        if (reaped > 0) {
            log.info("Took back {} message(s) claimed by a dead consumer (slot {}, pid {}) in {}", reaped, slot,
                    meta.buffer.getLong(meta.slotAt(slot) + SLOT_PID), location);
        }
        return reaped;
    }

    private int state(int slot) {
        return (int) JournalFormat.INT.getVolatile(meta.buffer, meta.slotAt(slot) + SLOT_STATE);
    }
}
