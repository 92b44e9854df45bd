package io.ipsync;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A message set aside because it could not be read or handled, with the record of why.
 *
 * @param id the dead letter's id in its queue's dead letters (for files, its name in the
 *     dead-letter folder; for Redis, its entry id in the dead-letter stream); what
 *     {@link DeadLetters#requeue(String)} and {@link DeadLetters#purge(String)} take
 * @param messageId the message's id in the queue when it was set aside
 * @param content the message's bytes (UTF-8 JSON, empty for null), or {@code null} when they
 *     cannot be read (a dead letter that is not a regular file, say)
 * @param headers the message's headers, in their order; empty for none
 * @param reason why it was set aside, for an operator
 * @param exception the exception behind it, as text, or {@code null}
 * @param attempts how many deliveries it had
 * @param time when it was set aside, or {@code null} where not recorded
 */
public record DeadLetter(
        String id,
        String messageId,
        byte[] content,
        Map<String, String> headers,
        String reason,
        String exception,
        int attempts,
        Instant time) {

    public DeadLetter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(reason, "reason");
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }
}
