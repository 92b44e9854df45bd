package io.ipsync.file;

import java.nio.charset.StandardCharsets;
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

    /**
     * The longest message name ipsync takes, in UTF-8 bytes: its bookkeeping prefixes the name
     * with up to 25 characters ({@code <13-digit due>-<attempts>-} on the retry shelf), and file
     * names end at 255 bytes. Names ipsync and jk_interprocesssync give are 54 bytes long.
     */
    static final int MAX_MESSAGE_NAME_BYTES = 230;

    /**
     * Whether the entry is a message ipsync takes: its name starts with {@code q_} (what
     * jk_interprocesssync consumers take) and is not {@link #isTooLong too long}.
     */
    static boolean isMessage(String name) {
        return name.startsWith(MESSAGE_PREFIX) && !isTooLong(name);
    }

    /**
     * Whether a name is longer than {@link #MAX_MESSAGE_NAME_BYTES}: no claim or retry name could
     * hold it, so ipsync leaves such a message to jk_interprocesssync consumers.
     */
    static boolean isTooLong(String name) {
        // A char is at most 3 bytes in UTF-8: short names need no encoding.
        return name.length() * 3 > MAX_MESSAGE_NAME_BYTES
                && name.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_NAME_BYTES;
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
            if (c < '0' || c > '9' || nanos > (Long.MAX_VALUE - (c - '0')) / 10) {
                return null; // not a digit, or beyond the range of a long (year 2262)
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
