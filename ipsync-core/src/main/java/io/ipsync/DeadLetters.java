package io.ipsync;

import io.ipsync.spi.DeadLetterStore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The dead letters of one {@link JsonDataQueue}: messages set aside because they could not be read
 * or handled. List and read them, put them back into the queue once the cause is fixed (their
 * attempts start again from one), or remove them for good. The same for every transport.
 *
 * <pre>{@code
 * DeadLetters dead = orders.deadLetters();
 * for (DeadLetter letter : dead.list(100)) {
 *     log.info("{}: {}", letter.messageId(), letter.reason());
 * }
 * dead.requeueAll();   // after the bug is fixed
 * }</pre>
 *
 * <p>A re-drive is one atomic step per dead letter: interrupted at any point and run again, it
 * loses and doubles nothing. Thread-safe.
 */
public final class DeadLetters {

    private final DeadLetterStore store;

    private final String queue;

    DeadLetters(DeadLetterStore store, String queue) {
        this.store = store;
        this.queue = queue;
    }

    /** How many dead letters there are. */
    public long count() {
        return call(store::count, "count the dead letters");
    }

    /** Up to {@code max} dead letters, the one set aside first first. */
    public List<DeadLetter> list(int max) {
        return call(() -> store.list(max), "list the dead letters");
    }

    /** The dead letter with this id, or empty when there is none (any more). */
    public Optional<DeadLetter> read(String id) {
        return call(() -> store.read(id), "read the dead letter " + id);
    }

    /**
     * Puts the dead letter back into the queue as a waiting message, its attempts reset.
     *
     * @return whether it was there to be put back
     */
    public boolean requeue(String id) {
        return call(() -> store.requeue(id), "re-drive the dead letter " + id);
    }

    /** Puts every dead letter back into the queue; returns how many. */
    public int requeueAll() {
        return call(store::requeueAll, "re-drive the dead letters");
    }

    /**
     * Removes the dead letter for good.
     *
     * @return whether it was there to be removed
     */
    public boolean purge(String id) {
        return call(() -> store.purge(id), "purge the dead letter " + id);
    }

    /** Removes every dead letter for good; returns how many. */
    public int purgeAll() {
        return call(store::purgeAll, "purge the dead letters");
    }

    private interface StoreCall<T> {
        T call() throws IOException;
    }

    private <T> T call(StoreCall<T> call, String what) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new IpsyncException("Cannot " + what + " of the queue " + queue + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "DeadLetters[" + queue + "]";
    }
}
