package io.ipsync.file.journal;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How a channel's consumers wait when there is nothing to take: spin a little (a message that
 * comes within the spin is taken without a system call on either side), then sleep on the
 * channel's {@link JournalBell} until a producer rings, a retry falls due, the caller's time is up
 * or the channel housekeeps. One per channel; thread-safe.
 *
 * <h2>The spin adapts to the rate</h2>
 * Each claim that had to wait updates an average of the gaps between messages. While messages
 * come often (gaps under {@value #HOT_GAP_NANOS} ns on average, e.g. 100,000 a second), a consumer
 * spins up to {@value #HOT_SPIN_NANOS} ns, so the next one is taken the moment it is committed and
 * nobody pays for a wake-up; otherwise (1,000 a second, or idle) it spins only
 * {@value #COLD_SPIN_NANOS} ns and sleeps, so that a consumer of a slow queue costs a wake-up per
 * message and an idle one nothing. Spinning is the only CPU an idle-looking consumer uses.
 *
 * <p>The channel's other waiting threads (one sleeps on the bell) park, doubling from 50 µs to
 * {@value #MAX_PARK_NANOS} ns, and are woken by the in-JVM {@link Doorbell}.
 */
final class JournalIdleWait {

    /** Spin while messages come often. */
    static final long HOT_SPIN_NANOS = 200_000;

    /** Spin otherwise. */
    static final long COLD_SPIN_NANOS = 5_000;

    /** The average gap between messages under which they count as coming often. */
    static final long HOT_GAP_NANOS = 100_000;

    /** The longest the other waiting threads of a channel park between looks. */
    static final long MAX_PARK_NANOS = 5_000_000;

    /**
     * The longest an idle consumer sleeps on its bell before it looks by itself (and housekeeps;
     * never longer than the reclaim interval). Only tests change it (to tell a ring from a look).
     */
    static volatile long maxBellSleepNanos = 500_000_000;

    private final JournalBell bell;

    private final Doorbell doorbell;

    private final Claimer claimer;

    private final long reclaimNanos;

    /** Average of the gaps between claims that waited; racy updates are fine (a heuristic). */
    private volatile long gapNanos = Long.MAX_VALUE / 2;

    private volatile long lastClaimNanos = System.nanoTime();

    JournalIdleWait(JournalBell bell, Doorbell doorbell, Claimer claimer, long reclaimNanos) {
        this.bell = bell;
        this.doorbell = doorbell;
        this.claimer = claimer;
        this.reclaimNanos = reclaimNanos;
    }

    /** The state of one claim's wait. */
    final class Wait {

        private final long start = System.nanoTime();

        private final long spin = gapNanos < HOT_GAP_NANOS ? HOT_SPIN_NANOS : COLD_SPIN_NANOS;

        private long park = 50_000;

        private boolean waited;

        private boolean rungAwake;

        /**
         * Waits a little for work: one spin step, or one sleep (at most {@code left} ns), from
         * which it returns early when rung or when {@code stop} turns true.
         */
        void pause(long left, BooleanSupplier stop) throws IOException {
            waited = true;
            if (System.nanoTime() - start < spin) {
                Thread.onSpinWait();
                return;
            }
            long nextRetry = claimer.nextRetryDueMillis();
            long untilRetry = nextRetry == Long.MAX_VALUE ? Long.MAX_VALUE
                    : Math.max(0, nextRetry - System.currentTimeMillis()) * 1_000_000;
            long wait = Math.max(1, Math.min(left, Math.max(untilRetry, 100_000)));
            if (bell.sleep(Math.min(wait, Math.min(reclaimNanos, maxBellSleepNanos)),
                    () -> claimer.hasWork() || stop.getAsBoolean(), doorbell)) {
                rungAwake = true;
            } else {
                Thread me = Thread.currentThread();
                Runnable waker = () -> LockSupport.unpark(me);
                doorbell.sleep(waker);
                try {
                    LockSupport.parkNanos(this, Math.min(wait, park));
                } finally {
                    doorbell.awake(waker);
                }
                park = Math.min(park * 2, MAX_PARK_NANOS);
            }
        }

        /** After this wait found a claim: learns the rate, and passes a wake-up on to the channel's other waiters. */
        void claimed() {
            long now = System.nanoTime();
            if (waited) {
                long gap = now - lastClaimNanos;
                long average = gapNanos;
                gapNanos = average >= Long.MAX_VALUE / 2 ? gap : average - (average >> 3) + (gap >> 3);
            }
            lastClaimNanos = now;
            if (rungAwake) {
                doorbell.ring(); // one sleeper per channel hears the bell: pass the wake on to the others here
            }
        }
    }
}
