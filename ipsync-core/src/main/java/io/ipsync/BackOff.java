package io.ipsync;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a failed message waits before its next attempt: {@code initialInterval} after the
 * first failure, multiplied by {@code multiplier} after each further one, never more than
 * {@code maxInterval}.
 *
 * @param initialInterval the delay after the first failed attempt
 * @param multiplier the factor applied per further failure, at least 1
 * @param maxInterval the longest delay
 */
public record BackOff(Duration initialInterval, double multiplier, Duration maxInterval) {

    /** One second, doubling, at most one minute. */
    public static final BackOff DEFAULT = new BackOff(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1));

    public BackOff {
        Objects.requireNonNull(initialInterval, "initialInterval");
        Objects.requireNonNull(maxInterval, "maxInterval");
        if (initialInterval.isNegative()) {
            throw new IllegalArgumentException("initialInterval must not be negative but was " + initialInterval);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a finite number of at least 1 but was " + multiplier);
        }
        if (maxInterval.compareTo(initialInterval) < 0) {
            throw new IllegalArgumentException(
                    "maxInterval (" + maxInterval + ") must not be shorter than initialInterval (" + initialInterval + ")");
        }
    }

    /** The same delay before every attempt. */
    public static BackOff fixed(Duration interval) {
        return new BackOff(interval, 1.0, interval);
    }

    /** No delay: a failed message is due again at once. */
    public static BackOff none() {
        return fixed(Duration.ZERO);
    }

    /**
     * The delay after the given number of failed attempts.
     *
     * @param failedAttempts how many attempts have failed so far, at least 1
     */
    public Duration delayAfter(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be at least 1 but was " + failedAttempts);
        }
        double nanos = initialInterval.toNanos() * Math.pow(multiplier, failedAttempts - 1);
        if (nanos >= maxInterval.toNanos()) {
            return maxInterval;
        }
        return Duration.ofNanos((long) nanos);
    }
}
