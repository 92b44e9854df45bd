package io.ipsync.internal;

import java.time.Duration;
import java.util.Objects;

/** Checks and arithmetic on the durations that options and timeouts are given in. Internal to ipsync. */
public final class Durations {

    private Durations() {
    }

    public static Duration requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive but was " + duration);
        }
        return duration;
    }

    public static Duration requireNotNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative but was " + duration);
        }
        return duration;
    }

    /** The duration in nanoseconds, saturated at {@link Long#MAX_VALUE} rather than overflowing. */
    public static long toNanosSaturated(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
