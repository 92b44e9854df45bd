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
 *
 * <p>The id's last letter says whether the message has headers: {@link FileHeaders#MARKER} for a
 * message with headers, any other letter without (see {@link FileHeaders}). Thread-safe.
 */
final class MessageNamer {

    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static final int PRODUCER_ID_LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String producerId;

    private final AtomicLong lastNanos = new AtomicLong();

    private final String producerIdWithHeaders;

    MessageNamer() {
        this(randomLetters(PRODUCER_ID_LENGTH - 1) + randomLetterBut(FileHeaders.MARKER));
    }

    MessageNamer(String producerId) {
        this.producerId = producerId;
        this.producerIdWithHeaders = producerId.substring(0, producerId.length() - 1) + FileHeaders.MARKER;
    }

    String producerId() {
        return producerId;
    }

    /** The next name of a message without headers. */
    String next() {
        return next(false);
    }

    /** The next name; one that says it has headers when {@code withHeaders}. */
    String next(boolean withHeaders) {
        long now = epochNanos();
        long stamp = lastNanos.accumulateAndGet(now, (last, current) -> Math.max(last + 1, current));
        return MessageNames.message(stamp, withHeaders ? producerIdWithHeaders : producerId);
    }

    static String randomLetters(int length) {
        char[] id = new char[length];
        for (int i = 0; i < length; i++) {
            id[i] = LETTERS.charAt(RANDOM.nextInt(LETTERS.length()));
        }
        return new String(id);
    }

    private static char randomLetterBut(char excluded) {
        while (true) {
            char letter = LETTERS.charAt(RANDOM.nextInt(LETTERS.length()));
            if (letter != excluded) {
                return letter;
            }
        }
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    }
}
