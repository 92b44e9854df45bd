package io.ipsync.file.journal;

import static io.ipsync.file.journal.JournalFormat.LONG;

import java.nio.ByteBuffer;
import java.util.function.IntConsumer;

/**
 * A bitmap of sleeping slots in the meta file (four longs: slots 0 to 255), as the bells keep them:
 * a consumer sets its bit before it sleeps, and a producer that takes the bit off owes that sleeper
 * one wake-up. Taking the bit off with an atomic and-not makes each sleep woken once, however many
 * producers ring at the same moment.
 */
final class SleeperBitmap {

    private SleeperBitmap() {
    }

    /**
     * Takes off the bit of every slot sleeping in another process, and wakes each slot whose bit
     * this call took. Slots held in this JVM are left to the in-JVM {@link Doorbell}.
     *
     * @param at where the bitmap starts in {@code meta}
     */
    static void wakeOthers(ByteBuffer meta, int at, SlotLocks locks, IntConsumer wake) {
        for (int w = 0; w < 4; w++) {
            long bits = (long) LONG.getVolatile(meta, at + w * 8);
            while (bits != 0) {
                int bit = Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                int sleeper = w * 64 + bit;
                if (locks.heldHere(sleeper)) {
                    continue; // woken by the in-JVM doorbell
                }
                long mask = 1L << bit;
                long before = (long) LONG.getAndBitwiseAnd(meta, at + w * 8, ~mask);
                if ((before & mask) != 0) {
                    wake.accept(sleeper);
                }
            }
        }
    }
}
