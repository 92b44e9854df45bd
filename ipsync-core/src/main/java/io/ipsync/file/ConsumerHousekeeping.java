package io.ipsync.file;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The housekeeping that rides on a consumer's claims, so that no thread of ipsync's own runs for
 * it: every reclaim interval, showing the consumer alive and taking dead consumers' claims back;
 * now and then, sweeping stale temporary files. Each is done by one claiming thread at a time.
 */
final class ConsumerHousekeeping {

    private static final Logger log = LoggerFactory.getLogger(ConsumerHousekeeping.class);

    private static final long MIN_WAIT_NANOS = Duration.ofMillis(1).toNanos();

    private final String location;

    private final ClaimReaper reaper;

    private final RetryShelf retries;

    private final StaleTempFileSweeper sweeper;

    private final long pollNanos;

    private final long reclaimNanos;

    private final AtomicLong nextReapNanos = new AtomicLong();

    private final AtomicLong nextSweepNanos = new AtomicLong(System.nanoTime());

    ConsumerHousekeeping(String location, ClaimReaper reaper, RetryShelf retries, StaleTempFileSweeper sweeper,
            long pollNanos, long reclaimNanos) {
        this.location = location;
        this.reaper = reaper;
        this.retries = retries;
        this.sweeper = sweeper;
        this.pollNanos = pollNanos;
        this.reclaimNanos = reclaimNanos;
    }

    /** Makes the reclaim due at once: a consumer that starts looks for dead ones first. */
    void reclaimNow() {
        nextReapNanos.set(System.nanoTime());
    }

    /**
     * Every reclaim interval: shows {@code owner} alive ({@link ClaimOwner#keepAlive()}) and takes
     * dead consumers' messages back.
     */
    void reclaimIfDue(ClaimOwner owner) {
        long now = System.nanoTime();
        long reapDue = nextReapNanos.get();
        if (now - reapDue >= 0 && nextReapNanos.compareAndSet(reapDue, now + reclaimNanos)) {
            owner.keepAlive();
            try {
                reclaimAbandoned();
            } catch (IOException e) {
                log.warn("Could not look for dead consumers' claims in {}", location, e);
            }
        }
    }

    /** Returns dead consumers' claims to the retry shelf; how many. */
    int reclaimAbandoned() throws IOException {
        int reclaimed = reaper.reapDeadOwners();
        if (reclaimed > 0) {
            retries.lookSoon();
        }
        return reclaimed;
    }

    /**
     * Sweeps stale temporary files, which reads the whole directory. It waits for a claim that
     * found nothing ({@code idle}), so that it never delays the messages of a backlog, unless it is
     * overdue by a whole interval.
     */
    void sweepIfDue(boolean idle) {
        long now = System.nanoTime();
        long sweepDue = nextSweepNanos.get();
        long overdue = now - sweepDue;
        if (overdue >= 0 && (idle || overdue >= sweeper.intervalNanos())
                && nextSweepNanos.compareAndSet(sweepDue, now + sweeper.intervalNanos())) {
            sweeper.sweep();
        }
    }

    /** How long a waiting consumer may wait before it must look again (poll, reclaim, a due retry). */
    long longestWaitNanos() {
        long wait = Math.min(pollNanos, Math.min(nextReapNanos.get() - System.nanoTime(), retries.nanosUntilNextScan()));
        return Math.max(MIN_WAIT_NANOS, wait);
    }
}
