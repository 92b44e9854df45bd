package io.ipsync.spi;

import io.ipsync.DeadLetter;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The dead letters of one queue, as its transport keeps them: read them, put them back into the
 * queue, or remove them for good.
 *
 * <p>Re-driving is one atomic step of the transport: a dead letter is either still a dead letter
 * or a waiting message again, never both and never neither, so a re-drive interrupted at any point
 * and run again loses and doubles nothing. A re-driven message waits as a first attempt (its
 * attempts reset), with its content and headers unchanged.
 *
 * <p>Implementations are thread-safe.
 */
public interface DeadLetterStore {

    /** How many dead letters there are. */
    long count() throws IOException;

    /** Up to {@code max} dead letters, the oldest first. */
    List<DeadLetter> list(int max) throws IOException;

    /** The dead letter with this id, or empty when there is none (any more). */
    Optional<DeadLetter> read(String id) throws IOException;

    /**
     * Puts the dead letter back into its queue as a waiting first attempt.
     *
     * @return whether it was there to be put back
     */
    boolean requeue(String id) throws IOException;

    /**
     * Puts every dead letter back, the oldest first.
     *
     * @return how many were put back
     */
    int requeueAll() throws IOException;

    /**
     * Removes the dead letter and its record for good.
     *
     * @return whether it was there to be removed
     */
    boolean purge(String id) throws IOException;

    /**
     * Removes every dead letter for good.
     *
     * @return how many were removed
     */
    int purgeAll() throws IOException;
}
