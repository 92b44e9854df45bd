package io.ipsync.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The times that follow from a consumer's lease {@code L}, the rule every participant follows:
 * <ul>
 * <li>a consumer renews each claim it holds at least every {@code L/4} (resets its idle time in the
 * group's pending list);
 * <li>a claim idle for {@code 3L/4} or more of its holder's lease is abandoned: any consumer may
 * take it back. Each consumer's name declares its lease ({@link ConsumerNames}), so a sweeper
 * judges every holder by the holder's own lease, never by its own (a name that declares none is
 * judged by the sweeper's);
 * <li>each consumer looks for abandoned claims every {@code L/4} of its own lease while it claims
 * or holds claims; after a look that found nothing pending in the whole group, the next may come
 * {@code 3L/8} later (a claim made meanwhile is then less than {@code 3L/8} old, and the looks go on
 * every {@code L/4} from there: with one lease for all, a dead consumer's claim, abandoned at
 * {@code 3L/4}, is taken back by {@code 7L/8}). A consumer busy with a message looks from its
 * renewal thread, at the last renewal before a look is due, never after, so looks are never more
 * than {@code 3L/8} apart, below the {@code L/2} gap of the next rule;
 * <li>a sweep that comes more than half the longer of the holder's and the sweeper's lease after
 * the last one renews the holder's claims rather than judge them: the server's idle times count
 * from absolute delivery times, so a server that paused, restarted or failed over would otherwise
 * make every claim in progress look abandoned.
 * </ul>
 * So a live consumer renews a claim three times before anyone may take it, whatever the others'
 * leases, and the claims of a consumer that died come back within {@code 3L/4} of its death plus
 * a quarter of the sweeper's lease (within {@code L} where both have the same), as long as some
 * consumer is claiming; one lease later where a gap in the sweeps came between.
 *
 * @param duration the lease
 */
record Lease(Duration duration) {

    long millis() {
        return duration.toMillis();
    }

    long renewEveryMillis() {
        return Math.max(10, millis() / 4);
    }

    long sweepEveryNanos() {
        return TimeUnit.MILLISECONDS.toNanos(Math.max(10, millis() / 4));
    }

    /** How soon the next sweep is due after one that found nothing pending. */
    long sweepAfterNothingPendingNanos() {
        return TimeUnit.MILLISECONDS.toNanos(Math.max(10, millis() * 3 / 8));
    }

}
