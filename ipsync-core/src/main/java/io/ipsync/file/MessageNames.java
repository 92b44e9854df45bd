package io.ipsync.file;

import java.time.Instant;

/**
 * The names of messages in a queue directory, as jk_interprocesssync writes and reads them.
 *
 * <p>A message is a regular file named {@code q_<T>_<producer>}: {@code <T>} the time of the put
 * in nanoseconds since the epoch as a decimal integer (19 digits until the year 2286, so names
 * sort oldest first), {@code <producer>} the producer's id. While it is written it is named
 * {@code tmp_q_<T>_<producer>.tmp}, which no consumer picks up (Python writes it in the queue
 * directory, ipsync in {@code .ipsync/incoming}). Consumers take every entry whose
 * name starts with {@code q_}; everything else in the directory is invisible to them.
 */
final class MessageNames {

    static final String MESSAGE_PREFIX = "q_";

    static final String TEMP_PREFIX = "tmp_";

    static final String TEMP_SUFFIX = ".tmp";

    private static final int TIMESTAMP_DIGITS = 19;

    private MessageNames() {
    }

    static boolean isMessage(String name) {
        return name.startsWith(MESSAGE_PREFIX);
    }

    static boolean isTemporary(String name) {
        return name.startsWith(TEMP_PREFIX);
    }

    static String message(long epochNanos, String producerId) {
        String digits = Long.toString(epochNanos);
        StringBuilder name = new StringBuilder(MESSAGE_PREFIX.length() + TIMESTAMP_DIGITS + 1 + producerId.length());
        name.append(MESSAGE_PREFIX);
        for (int i = digits.length(); i < TIMESTAMP_DIGITS; i++) {
            name.append('0');
        }
        return name.append(digits).append('_').append(producerId).toString();
    }

    static String temporary(String messageName) {
        return TEMP_PREFIX + messageName + TEMP_SUFFIX;
    }

    /** The time of the put from the name, or {@code null} for a name not of the form {@code q_<T>_...}. */
    static Instant timestamp(String name) {
        int end = name.indexOf('_', MESSAGE_PREFIX.length());
        if (!isMessage(name) || end <= MESSAGE_PREFIX.length() || end - MESSAGE_PREFIX.length() > TIMESTAMP_DIGITS) {
            return null;
        }
        long nanos = 0;
        for (int i = MESSAGE_PREFIX.length(); i < end; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            nanos = nanos * 10 + (c - '0');
        }
        return Instant.ofEpochSecond(0, nanos);
    }

    /** The producer's id from the name, or {@code null} for a name not of the form {@code q_<T>_<producer>}. */
    static String producer(String name) {
        if (timestamp(name) == null) {
            return null;
        }
        String producer = name.substring(name.indexOf('_', MESSAGE_PREFIX.length()) + 1);
        return producer.isEmpty() ? null : producer;
    }
}
