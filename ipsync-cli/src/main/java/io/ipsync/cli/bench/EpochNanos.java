package io.ipsync.cli.bench;

import java.time.Instant;

/**
 * Wall-clock time in nanoseconds since the epoch, read through {@link Instant#now()}: the clock
 * that producers stamp messages with and consumers compare against. All processes of one host
 * read the same system clock, so a difference between two processes' readings is a real delay
 * (to the clock's resolution, a microsecond or better on Linux).
 */
final class EpochNanos {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private EpochNanos() {
    }

    static long now() {
        Instant now = Instant.now();
        return now.getEpochSecond() * NANOS_PER_SECOND + now.getNano();
    }
}
