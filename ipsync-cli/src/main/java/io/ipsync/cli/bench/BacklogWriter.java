package io.ipsync.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Fills a queue directory with {@link BenchMessage}s using plain JDK calls, much faster than
 * producers could: each file is written in place under its final name, as no consumer runs yet
 * that could see it half written. The names are those that ipsync and jk_interprocesssync give
 * messages, {@code q_<19-digit epoch nanos>_<32-letter producer id>}, so any consumer takes them
 * as if a producer had put them, oldest first.
 */
final class BacklogWriter {

    /** What every message's name begins with. */
    static final String MESSAGE_PREFIX = "q_";

    private static final int TIMESTAMP_DIGITS = 19;

    private BacklogWriter() {
    }

    /** Writes {@code count} messages into {@code queue}, telling {@code progress} every tenth when there are many. */
    static void write(Path queue, long count, PrintWriter progress) throws IOException {
        Names names = new Names();
        long every = count >= 100_000 ? count / 10 : 0;
        for (long seq = 0; seq < count; seq++) {
            Files.write(queue.resolve(names.next()), BenchMessage.stampedNow(seq).json(),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            if (every > 0 && (seq + 1) % every == 0) {
                progress.printf("bench:   written %,d of %,d%n", seq + 1, count);
                progress.flush();
            }
        }
        // Writing leaves this JVM garbage to collect: collected now, not while the consumer that is
        // measured next runs on the same cores.
        System.gc();
    }

    /**
     * Message names of one producer: the current epoch nanoseconds, but always more than the
     * previous name's (so names are unique and in put order), and a random producer id. Not
     * thread-safe.
     */
    static final class Names {

        private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

        private final String producerId;

        private long lastStamp;

        Names() {
            SecureRandom random = new SecureRandom();
            StringBuilder id = new StringBuilder(32);
            for (int i = 0; i < 32; i++) {
                id.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
            }
            this.producerId = id.toString();
        }

        String next() {
            lastStamp = Math.max(lastStamp + 1, EpochNanos.now());
            return messageName(lastStamp, producerId);
        }
    }

    /** The name of a message put at {@code epochNanos} by {@code producerId}. */
    static String messageName(long epochNanos, String producerId) {
        String digits = Long.toString(epochNanos);
        StringBuilder name = new StringBuilder(MESSAGE_PREFIX.length() + TIMESTAMP_DIGITS + 1 + producerId.length())
                .append(MESSAGE_PREFIX);
        for (int i = digits.length(); i < TIMESTAMP_DIGITS; i++) {
            name.append('0');
        }
        return name.append(digits).append('_').append(producerId).toString();
    }
}
