package io.ipsync.cli.bench;

import java.util.Locale;

/** Conversions of counts and times into the units of the table. */
final class Rate {

    private Rate() {
    }

    /** {@code count} things in {@code nanos} nanoseconds, as things a second. */
    static double perSecond(long count, long nanos) {
        if (nanos <= 0) {
            throw new BenchFailure("A measured time was " + nanos + " ns: the clock or the child's report is wrong");
        }
        return count * 1e9 / nanos;
    }

    /** A count as the table writes it: {@code 100,000}. */
    static String grouped(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    static double micros(long nanos) {
        return nanos / 1e3;
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }

    static double megabytes(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /** CPU time used in a stretch of wall-clock time, as a percentage of one core. */
    static double percentOfACore(long cpuNanos, long wallNanos) {
        return 100.0 * cpuNanos / wallNanos;
    }
}
