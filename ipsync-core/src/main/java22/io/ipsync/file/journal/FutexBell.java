package io.ipsync.file.journal;

import static io.ipsync.file.journal.JournalFormat.FUTEX_SLEEPERS_AT;
import static io.ipsync.file.journal.JournalFormat.INT;
import static io.ipsync.file.journal.JournalFormat.LONG;
import static io.ipsync.file.journal.JournalFormat.SLOT_BELL;
import static io.ipsync.file.journal.JournalFormat.SLOT_SIZE;
import static io.ipsync.file.journal.JournalFormat.SLOT_TABLE_AT;
import static io.ipsync.file.journal.JournalFormat.SOCKET_ONLY_AT;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.spi.AbstractInterruptibleChannel;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The futex doorbell (Java 22+ with native access; chosen by {@link JournalBells}). Each slot has
 * a 32-bit bell word in the meta file's slot table ({@link JournalFormat#SLOT_BELL}); an idle
 * consumer reads its word, sets its slot's bit in the futex sleeper bitmap
 * ({@link JournalFormat#FUTEX_SLEEPERS_AT}), looks once more for work, and then sleeps in
 * {@code FUTEX_WAIT} while the word still holds what it read, at most the given time. A producer,
 * after its commit, reads the bitmap; for each sleeper in another process it clears the bit (one
 * wake per sleep), bumps the sleeper's word and {@code FUTEX_WAKE}s it. A bump between the read
 * and the wait makes the wait return at once, so no ring is lost between the look and the sleep.
 *
 * <p><b>Mixed processes.</b> Its {@link #ring} also rings the {@link SocketBell} sleepers, so
 * consumers on Java 17-21 (or without native access) are woken by it. Such a channel cannot ring a
 * futex, and marks its slot socket-only while it is open: a futex bell that sees any such mark
 * sleeps on its slot's socket instead, as a {@link SocketBell} does. A socket-only channel that
 * opens while this consumer already sleeps on its futex is noticed when that sleep ends (at most
 * the caller's bound; the channel bounds it at 500 ms).
 *
 * <p><b>Waking it otherwise.</b> A futex wait is a native call that {@link Thread#interrupt} does
 * not end by itself: the wait runs inside an interruptible-channel operation whose interrupt hook
 * bumps the word and wakes it, so an interrupted thread returns promptly with its interrupt
 * status set (and sleepers of this JVM are woken through the {@link Doorbell}, on close and
 * {@code wakeUpWaiters} too). Should the futex fail in a way other than the expected ones (a
 * seccomp filter), the bell logs it once and sleeps on its socket from then on.
 */
final class FutexBell implements JournalBell {

    private static final Logger log = LoggerFactory.getLogger(FutexBell.class);

    private final ByteBuffer meta;

    private final int slot;

    private final SlotLocks locks;

    private final SocketBell sockets;

    private final JournalFutex futex;

    private final JournalFutex.Waiter waiter;

    private final MemorySegment mapping;

    private final ReentrantLock sleeping = new ReentrantLock();

    private final Runnable wakeThis;

    private volatile boolean broken;

    private FutexBell(Path folder, Meta meta, int slot, SlotLocks locks, JournalFutex futex) {
        this.meta = meta.buffer;
        this.slot = slot;
        this.wakeThis = () -> wake(slot);
        this.locks = locks;
        this.futex = futex;
        this.waiter = futex.waiter();
        this.mapping = MemorySegment.ofBuffer(meta.buffer);
        this.sockets = new SocketBell(folder, meta, slot, locks);
        // the slot is ours: a mark a socket-only former owner left (dying) is not ours
        LONG.getAndBitwiseAnd(this.meta, SOCKET_ONLY_AT + (slot >>> 6) * 8, ~(1L << (slot & 63)));
    }

    /**
     * The futex bell of {@code slot}, or null where the futex does not work here: tried once
     * with a wait that must return at once (the word does not hold the value given).
     */
    static FutexBell open(Path folder, Meta meta, int slot, SlotLocks locks, JournalFutex futex) {
        if (slot >= 256 || !meta.buffer.isDirect()) {
            return null;
        }
        FutexBell bell = new FutexBell(folder, meta, slot, locks, futex);
        int word = (int) INT.getVolatile(bell.meta, bell.wordAt(slot));
        int result = bell.waiter.await(bell.address(slot), word + 1, 1_000_000);
        if (result != JournalFutex.EAGAIN && (int) INT.getVolatile(bell.meta, bell.wordAt(slot)) == word) {
            log.debug("The futex does not work here (errno {}): the journal's consumers sleep on sockets", result);
            bell.sockets.close();
            return null;
        }
        return bell;
    }

    @Override
    public String kind() {
        return broken ? "socket" : "futex";
    }

    private int wordAt(int of) {
        return SLOT_TABLE_AT + of * SLOT_SIZE + SLOT_BELL;
    }

    private long address(int of) {
        return mapping.address() + wordAt(of);
    }

    @Override
    public boolean sleep(long nanos, BooleanSupplier workArrived, Doorbell inJvm) throws IOException {
        if (broken || anySocketOnly()) {
            return sockets.sleep(nanos, workArrived, inJvm);
        }
        if (!sleeping.tryLock()) {
            return false;
        }
        try {
            long mask = 1L << (slot & 63);
            int bits = FUTEX_SLEEPERS_AT + (slot >>> 6) * 8;
            int seen = (int) INT.getVolatile(meta, wordAt(slot));
            LONG.getAndBitwiseOr(meta, bits, mask);
            inJvm.sleep(wakeThis);
            try {
                if (workArrived.getAsBoolean()) {
                    return true;
                }
                int result = new Interruptible().await(seen, nanos);
                if (result != 0 && result != JournalFutex.EAGAIN && result != JournalFutex.ETIMEDOUT
                        && result != JournalFutex.EINTR) {
                    broken = true;
                    log.warn("The futex wait failed with errno {}: the journal's consumers in this process sleep on"
                            + " sockets from now on", result);
                }
                return true;
            } finally {
                inJvm.awake(wakeThis);
                LONG.getAndBitwiseAnd(meta, bits, ~mask);
            }
        } finally {
            sleeping.unlock();
        }
    }

    private boolean anySocketOnly() {
        for (int w = 0; w < 4; w++) {
            if ((long) LONG.getVolatile(meta, SOCKET_ONLY_AT + w * 8) != 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void ring() {
        sockets.ring();
        SleeperBitmap.wakeOthers(meta, FUTEX_SLEEPERS_AT, locks, this::wake);
    }

    /** Bumps the slot's word (a wait about to begin returns at once) and wakes whoever waits on it. */
    private void wake(int sleeper) {
        INT.getAndAdd(meta, wordAt(sleeper), 1);
        futex.wake(address(sleeper));
    }

    @Override
    public void close() {
        wake(slot); // a sleep in progress ends; the channel waits for it before it closes
        sockets.close();
    }

    /**
     * One futex wait as an interruptible operation: {@link Thread#interrupt} during it (or
     * before it) closes this throwaway channel, whose closing wakes the wait.
     */
    private final class Interruptible extends AbstractInterruptibleChannel {

        int await(int seen, long nanos) {
            boolean completed = false;
            begin();
            try {
                int result = isOpen() ? waiter.await(address(slot), seen, nanos) : 0;
                completed = true;
                return result;
            } finally {
                try {
                    end(completed);
                } catch (AsynchronousCloseException interruptedOrWoken) {
                    // the interrupt status stays set: the caller throws
                }
            }
        }

        @Override
        protected void implCloseChannel() {
            wake(slot);
        }
    }
}
