package io.ipsync.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The times that follow from a queue's lease {@code L}, the rule every participant follows:
 * <ul>
 * <li>a consumer renews each claim it holds at least every {@code L/4} (resets its idle time in the
 * group's pending list);
 * <li>a claim idle for {@code 3L/4} or more is abandoned: any consumer may take it back;
 * <li>each consumer looks for abandoned claims every {@code L/4} while it claims.
 * </ul>
 * So a live consumer renews a claim three times before anyone may take it, and the claims of a
 * consumer that died come back within {@code L} of its death (3L/4 idle plus at most L/4 until the
 * next look), as long as some consumer is claiming.
 *
 * @param duration the lease
 */
record Lease(Duration duration) {

    long millis() {
        return duration.toMillis();
    }

    long abandonedAfterMillis() {
        return millis() * 3 / 4;
    }

    long renewEveryMillis() {
        return Math.max(10, millis() / 4);
    }

    long sweepEveryNanos() {
        return TimeUnit.MILLISECONDS.toNanos(Math.max(10, millis() / 4));
    }
}
