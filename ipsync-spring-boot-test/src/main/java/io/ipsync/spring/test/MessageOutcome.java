package io.ipsync.spring.test;

import io.ipsync.MessageMetadata;
import java.util.Objects;

/**
 * One thing that happened to a queue message in the test's application context, as its queue told
 * its observer: what an {@link IpsyncTestHarness} waits for and reports.
 *
 * @param queue the queue's location ({@code JsonDataQueue.location()})
 * @param messageId the message's id, as {@code put} returned it
 * @param kind what happened
 * @param metadata the message's metadata (attempt, headers, producer); {@code null} for a message
 *     dead-lettered before it was handed to a consumer (malformed, too large)
 * @param detail the failure, or the dead letter's reason; {@code null} for the other kinds
 */
public record MessageOutcome(String queue, String messageId, Kind kind, MessageMetadata metadata, String detail) {

    public MessageOutcome {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(kind, "kind");
    }

    /** The delivery this was, counting from 1, or 0 where the message was never delivered. */
    public int attempt() {
        return metadata == null ? 0 : metadata.attempt();
    }

    /** What happened to a message. */
    public enum Kind {

        /** Taken and handed to a consumer (a listener, or a test's own {@code receive}). */
        RECEIVED("received"),

        /** Handled and acknowledged: removed from the queue. */
        HANDLED("handled"),

        /** Its handler threw, or its payload could not be converted; a retry or dead letter follows. */
        FAILED("failed"),

        /** Failed, and will be attempted again after its back-off. */
        RETRY_SCHEDULED("retry scheduled"),

        /** Set aside as a dead letter. */
        DEAD_LETTERED("dead-lettered");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        /** In words, for failure messages. */
        public String description() {
            return description;
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(kind.description());
        if (metadata != null) {
            text.append(" (attempt ").append(metadata.attempt()).append(')');
        }
        if (detail != null) {
            text.append(": ").append(detail);
        }
        return text.toString();
    }
}
