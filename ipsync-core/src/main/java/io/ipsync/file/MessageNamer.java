package io.ipsync.file;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives one producer's messages names that are unique under any concurrency: a producer id of 32
 * random letters (as jk_interprocesssync uses), and a timestamp that is the current time in
 * nanoseconds but strictly greater than the producer's previous one, so two puts in the same
 * nanosecond, or across a clock step backwards, still get different names in put order.
 * Thread-safe.
 */
final class MessageNamer {

    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static final int PRODUCER_ID_LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String producerId;

    private final AtomicLong lastNanos = new AtomicLong();

    MessageNamer() {
        this(randomLetters(PRODUCER_ID_LENGTH));
    }

    MessageNamer(String producerId) {
        this.producerId = producerId;
    }

    String producerId() {
        return producerId;
    }

    String next() {
        long now = epochNanos();
        long stamp = lastNanos.accumulateAndGet(now, (last, current) -> Math.max(last + 1, current));
        return MessageNames.message(stamp, producerId);
    }

    static String randomLetters(int length) {
        char[] id = new char[length];
        for (int i = 0; i < length; i++) {
            id[i] = LETTERS.charAt(RANDOM.nextInt(LETTERS.length()));
        }
        return new String(id);
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    }
}
