package io.ipsync.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One message to put: its JSON text, its headers, and when it may be taken at the earliest.
 *
 * @param json UTF-8 JSON text, empty for null
 * @param headers the message's headers, checked by {@link MessageHeaders#check}; empty for none
 * @param notBefore the earliest time a consumer may take it, or {@code null} for at once; a time
 *     already past means at once too
 */
public record OutgoingMessage(byte[] json, Map<String, String> headers, Instant notBefore) {

    /**
     * The latest time a message may be put for, 2286-11-20T17:46:39.999Z: the last millisecond
     * that the file transport's 13-digit due times can name.
     */
    public static final Instant LATEST_NOT_BEFORE = Instant.ofEpochMilli(9_999_999_999_999L);

    /**
     * @throws IllegalArgumentException when {@code notBefore} is later than {@link #LATEST_NOT_BEFORE}
     */
    public OutgoingMessage {
        Objects.requireNonNull(json, "json");
        headers = MessageHeaders.check(headers);
        if (notBefore != null && notBefore.isAfter(LATEST_NOT_BEFORE)) {
            throw new IllegalArgumentException("A message cannot be put for " + notBefore + ": the latest time is "
                    + LATEST_NOT_BEFORE);
        }
    }

    /** A message with headers, to be taken at once. */
    public OutgoingMessage(byte[] json, Map<String, String> headers) {
        this(json, headers, null);
    }

    /** A message without headers, to be taken at once. */
    public OutgoingMessage(byte[] json) {
        this(json, Map.of(), null);
    }

    /** Whether the message must wait until {@link #notBefore()}: it is set and later than {@code now}. */
    public boolean isDelayed(Instant now) {
        return notBefore != null && notBefore.isAfter(now);
    }
}
