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
     * Puts every dead letter back, the oldest first. By default through {@link #list} and
     * {@link #requeue}, a thousand at a time ({@link #requeueInBatches}).
     *
     * @return how many were put back
     */
    default int requeueAll() throws IOException {
        return requeueInBatches(this, 1000);
    }

    /**
     * Puts every dead letter of {@code store} back through its {@link #list} and {@link #requeue},
     * {@code batch} listed at a time, the oldest first. It stops after a batch that is not full, or
     * one of which none could be put back (those stay dead letters, and would be listed again).
     *
     * @return how many were put back
     */
    static int requeueInBatches(DeadLetterStore store, int batch) throws IOException {
        int requeued = 0;
        while (true) {
            List<DeadLetter> letters = store.list(batch);
            int before = requeued;
            for (DeadLetter letter : letters) {
                if (store.requeue(letter.id())) {
                    requeued++;
                }
            }
            if (letters.size() < batch || requeued == before) {
                return requeued;
            }
        }
    }

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
