package io.ipsync.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A message that one consumer has taken atomically and must now settle: acknowledge it, retry
 * it later, dead-letter it or release it, through the {@link QueueChannel} that returned it.
 *
 * <p>Until it is settled, no other consumer can take the message; if the consumer's process
 * dies first, the transport returns the message to the queue (counting the attempt).
 *
 * @param messageId the message's id in the queue (for files, its file name; for Redis, its
 *     stream entry id)
 * @param attempt which delivery this is, from 1; survives crashes and restarts
 * @param producerId the producer that wrote the message, or {@code null} where unknown
 * @param timestamp when the message was put, or {@code null} where unknown
 * @param content the message's bytes (UTF-8 JSON, empty for null), or {@code null} when it could
 *     not be read, in which case {@code unreadableReason} says why
 * @param unreadableReason why the content could not be read, or {@code null}
 * @param headers the message's headers; empty for none (and for a message whose headers could
 *     not be read, which the unreadable reason then says)
 * @param locator the transport's own handle of the claimed message; opaque above the seam
 */
public record Claim(
        String messageId,
        int attempt,
        String producerId,
        Instant timestamp,
        byte[] content,
        String unreadableReason,
        Map<String, String> headers,
        Object locator) {

    public Claim {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(locator, "locator");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1 but was " + attempt);
        }
        if ((content == null) == (unreadableReason == null)) {
            throw new IllegalArgumentException("exactly one of content and unreadableReason must be given");
        }
        headers = headers == null ? Map.of() : headers;
    }

    /** Whether the content could be read. */
    public boolean isReadable() {
        return content != null;
    }
}
