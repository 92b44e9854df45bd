package io.ipsync;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Whether a message taken from a queue has expired ({@link QueueOptions#timeToLive()}). */
final class MessageExpiry {

    private MessageExpiry() {
    }

    /**
     * The reason to dead-letter the message, unhandled, when it expired before the clock's now or
     * its {@link MessageMetadata#EXPIRES_HEADER} is not a time; {@code null} when it is still good.
     * The clock is read only for a message with that header: most have none, and reading the wall
     * clock for each message was a fifth of a journal consumer's time.
     */
    static String whyExpired(MessageMetadata metadata, Clock clock) {
        if (metadata.header(MessageMetadata.EXPIRES_HEADER) == null) {
            return null;
        }
        Instant now = clock.instant();
        Instant expiresAt;
        try {
            expiresAt = metadata.expiresAt();
        } catch (DateTimeParseException e) {
            return "its " + MessageMetadata.EXPIRES_HEADER + " header '" + metadata.header(MessageMetadata.EXPIRES_HEADER)
                    + "' is not an ISO-8601 instant such as 2026-12-07T10:15:30Z";
        }
        if (expiresAt == null || now.isBefore(expiresAt)) {
            return null;
        }
        return "expired: its time to live ended at " + expiresAt + ", before attempt " + metadata.attempt()
                + " could be made (taken at " + now + ")";
    }
}
