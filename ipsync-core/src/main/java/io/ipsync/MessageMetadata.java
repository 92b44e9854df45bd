package io.ipsync;

import java.time.Instant;

/**
 * What is known about one queue message besides its payload.
 *
 * @param queue the queue's location (its directory)
 * @param name the message's name in the queue, unique within it (its file name)
 * @param producerId the id of the producer that put it, or {@code null} where the name does not
 *     follow the {@code q_<nanos>_<producer>} form
 * @param timestamp when it was put, from its name, or {@code null} where unknown
 * @param attempt which delivery this is, counting from 1; survives consumer crashes and restarts
 */
public record MessageMetadata(String queue, String name, String producerId, Instant timestamp, int attempt) {
}
