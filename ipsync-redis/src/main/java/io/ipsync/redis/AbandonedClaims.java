package io.ipsync.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes back the claims of a queue's consumers that stopped renewing them (died), every quarter
 * lease while this consumer claims or holds claims, so that their messages come back within the
 * lease (see {@link Lease}); and forgets consumers long gone ({@code reclaim.lua}).
 *
 * <p>A sweep that finds the sweep before it too long ago (the server paused, restarted or failed
 * over, so that every message in progress looks idle) renews the claims it would judge rather than
 * take them. Sweeping while holding claims, not only while waiting for messages, is what keeps a
 * consumer busy with long handlers from leaving such gaps itself, which would keep a dead
 * consumer's messages from ever coming back.
 *
 * <p>Thread-safe: of threads that find a sweep due at once, one or more sweep; sweeping twice
 * takes nothing twice.
 */
final class AbandonedClaims {

    private static final Logger log = LoggerFactory.getLogger(AbandonedClaims.class);

    /** The most abandoned claims one sweep takes back. */
    private static final int BATCH = 1000;

    /** A consumer that holds nothing is removed from the group after it was idle this long, or ten of its leases if longer. */
    private static final Duration FORGET_IDLE_CONSUMER = Duration.ofHours(1);

    private final QueueScripts scripts;

    private final Lease lease;

    private final String location;

    /** A full sweep ({@code reclaim.lua}, which also forgets consumers long gone) comes at least this often. */
    private static final long FULL_SWEEP_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private volatile long nextSweepNanos = System.nanoTime();

    private volatile long nextFullSweepNanos = System.nanoTime();

    AbandonedClaims(QueueScripts scripts, Lease lease, String location) {
        this.scripts = scripts;
        this.lease = lease;
        this.location = location;
    }

    /** Sweeps now; returns how many messages came back. */
    int reclaimNow() throws IOException {
        nextFullSweepNanos = System.nanoTime() + FULL_SWEEP_EVERY_NANOS;
        QueueScripts.Swept swept = scripts.reclaim(lease.millis(), BATCH,
                Math.max(FORGET_IDLE_CONSUMER.toMillis(), lease.millis() * 10));
        if (swept.renewed() > 0) {
            log.info("The last sweep of {} for abandoned claims was {} ms ago (the server paused, restarted or failed over,"
                    + " or no consumer swept): renewed {} claims in progress on their holders' behalf instead of taking"
                    + " them back", location, swept.sinceLastSweepMillis(), swept.renewed());
        }
        return (int) swept.taken();
    }

    /**
     * Sweeps if a quarter lease passed since the last sweep; returns how many messages came back. A
     * server that refuses the sweep (an ACL without {@code XINFO}, say) is warned about and
     * claiming goes on; other failures are the caller's.
     */
    int reclaimIfDue() throws IOException {
        return reclaimIfDueWithin(0);
    }

    /** Sweeps if a sweep is due within {@code slackNanos}; see {@link #reclaimIfDue()}. */
    private int reclaimIfDueWithin(long slackNanos) throws IOException {
        long now = System.nanoTime();
        if (now + slackNanos - nextSweepNanos < 0) {
            return 0;
        }
        nextSweepNanos = now + lease.sweepEveryNanos();
        try {
            int taken = reclaimNow();
            if (taken > 0) {
                log.info("Took back {} messages of consumers of {} that stopped renewing their claims", taken, location);
            }
            return taken;
        } catch (RedisReplyException e) {
            log.warn("Cannot look for the claims of dead consumers of {}: {}", location, e.getMessage());
            return 0;
        }
    }

    /**
     * Whether a sweep is due that a take may stand for ({@code take.lua} records it where nothing
     * at all is pending, the common case of a consumer waiting for messages: one round trip rather
     * than two): due, and a full sweep came within the last minute.
     */
    boolean lightSweepDue() {
        long now = System.nanoTime();
        return now - nextSweepNanos >= 0 && now - nextFullSweepNanos < 0;
    }

    /** A take recorded the sweep: nothing was pending, so the next may come a little later ({@link Lease}). */
    void sweptByTake() {
        nextSweepNanos = System.nanoTime() + lease.sweepAfterNothingPendingNanos();
    }

    /**
     * Sweeps if due, from the renewal of the claims this consumer holds: never fails, as the
     * renewal reports an unreachable server itself.
     */
    void reclaimIfDueWhileHolding() {
        try {
            // at the last renewal before a sweep is due, never after it: the renewals keep a phase of
            // their own, and a sweep put off by up to a renewal period could come after the gap that
            // reads as a server pause (see Lease)
            reclaimIfDueWithin(TimeUnit.MILLISECONDS.toNanos(lease.renewEveryMillis()));
        } catch (IOException e) {
            log.debug("Could not look for the claims of dead consumers of {} while holding claims", location, e);
        }
    }

    /** How long until the next sweep is due, at least a millisecond: a wait for messages ends then. */
    long millisUntilNextSweep() {
        return Math.max(1, (nextSweepNanos - System.nanoTime()) / 1_000_000);
    }
}
