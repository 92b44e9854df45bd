package io.ipsync.redis;

import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes back the claims of a queue's consumers that stopped renewing them (died), every quarter
 * lease while this consumer claims and before it takes anything, so that their messages come back
 * within the lease (see {@link Lease}); and forgets consumers long gone ({@code reclaim.lua}).
 *
 * <p>Thread-safe: of threads that find a sweep due at once, one or more sweep; sweeping twice
 * takes nothing twice.
 */
final class AbandonedClaims {

    private static final Logger log = LoggerFactory.getLogger(AbandonedClaims.class);

    /** The most abandoned claims one sweep takes back. */
    private static final int BATCH = 1000;

    /** A consumer that holds nothing is removed from the group after it was idle this long (or ten leases). */
    private static final Duration FORGET_IDLE_CONSUMER = Duration.ofHours(1);

    private final QueueScripts scripts;

    private final Lease lease;

    private final String location;

    private volatile long nextSweepNanos = System.nanoTime();

    AbandonedClaims(QueueScripts scripts, Lease lease, String location) {
        this.scripts = scripts;
        this.lease = lease;
        this.location = location;
    }

    /** Sweeps now; returns how many messages came back. */
    int reclaimNow() throws IOException {
        return (int) scripts.reclaim(lease.millis(), BATCH,
                Math.max(FORGET_IDLE_CONSUMER.toMillis(), lease.millis() * 10));
    }

    /**
     * Sweeps if a quarter lease passed since the last sweep. A server that refuses the sweep (an
     * ACL without {@code XINFO}, say) is warned about and claiming goes on; other failures are
     * the caller's.
     */
    void reclaimIfDue() throws IOException {
        long now = System.nanoTime();
        if (now - nextSweepNanos < 0) {
            return;
        }
        nextSweepNanos = now + lease.sweepEveryNanos();
        try {
            int taken = reclaimNow();
            if (taken > 0) {
                log.info("Took back {} messages of consumers of {} that stopped renewing their claims", taken, location);
            }
        } catch (RedisReplyException e) {
            log.warn("Cannot look for the claims of dead consumers of {}: {}", location, e.getMessage());
        }
    }

    /** How long until the next sweep is due, at least a millisecond: a wait for messages ends then. */
    long millisUntilNextSweep() {
        return Math.max(1, (nextSweepNanos - System.nanoTime()) / 1_000_000);
    }
}
