package io.ipsync;

import java.time.Instant;
import java.util.Map;

/**
 * What is known about one queue message besides its payload.
 *
 * @param queue the queue's location (its directory, its server and key)
 * @param name the message's id in the queue, unique within it (for files, its file name)
 * @param producerId the id of the producer that put it, or {@code null} where unknown (for files,
 *     a name not of the {@code q_<nanos>_<producer>} form)
 * @param timestamp when it was put, or {@code null} where unknown
 * @param attempt which delivery this is, counting from 1; survives consumer crashes and restarts
 * @param headers the headers it was put with; empty for none (always for a Python producer's)
 */
public record MessageMetadata(String queue, String name, String producerId, Instant timestamp, int attempt,
        Map<String, String> headers) {

    /**
     * The header in which a put records when its message expires (an ISO-8601 instant, as
     * {@link Instant#toString()} writes it), set from the queue's {@link QueueOptions#timeToLive()}
     * unless the put gives it itself.
     */
    public static final String EXPIRES_HEADER = "ipsync-expires";

    public MessageMetadata {
        headers = headers == null ? Map.of() : headers;
    }

    /** Metadata of a message without headers. */
    public MessageMetadata(String queue, String name, String producerId, Instant timestamp, int attempt) {
        this(queue, name, producerId, timestamp, attempt, Map.of());
    }

    /**
     * The header that names a message's ordering key: a listener container that keeps order by key
     * ({@link io.ipsync.listener.ContainerOptions.Builder#orderedByKey}) handles the messages of
     * one key one after another, in the order it took them, also with several threads.
     */
    public static final String ORDERING_KEY_HEADER = "ipsync-ordering-key";

    /** The message's ordering key ({@link #ORDERING_KEY_HEADER}), or {@code null} for none. */
    public String orderingKey() {
        return headers.get(ORDERING_KEY_HEADER);
    }

    /**
     * When the message expires ({@link #EXPIRES_HEADER}), or {@code null} when it never does.
     *
     * @throws java.time.format.DateTimeParseException when the header is not an ISO-8601 instant
     */
    public Instant expiresAt() {
        String expires = headers.get(EXPIRES_HEADER);
        return expires == null ? null : Instant.parse(expires);
    }

    /** The value of one header, or {@code null} when the message does not have it. */
    public String header(String name) {
        return headers.get(name);
    }
}
