package io.ipsync;

import io.ipsync.spi.ClaimLostException;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settlements a consumer decided on but could not store: a message found unreadable (or out of
 * attempts) whose dead letter could not be written, typically on a full disk; or a message a
 * handler run by {@link ReceivedMessage#handleWith} (as {@link JsonDataQueue#poll} and listener
 * containers run them) returned from or failed on, whose acknowledgement, retry or dead letter
 * failed.
 *
 * <p>Nothing is lost meanwhile: each message stays claimed by this consumer, so it comes back to
 * the queue like any other claim if the process dies, and {@link JsonDataQueue#close()} gives it
 * back. The consumer goes on with the other messages and tries each owed settlement again before
 * each take, so it is stored soon after the cause (a full disk, a folder in the way) is gone.
 *
 * <p>Thread-safe: each owed settlement is tried by one thread at a time.
 */
final class OwedSettlements {

    private static final Logger log = LoggerFactory.getLogger(OwedSettlements.class);

    /** The storage step of an owed settlement; throws {@link IpsyncException} while it still cannot be stored. */
    interface Step {
        void store();
    }

    private record Owed(String messageId, Step step) {
    }

    private final ConcurrentLinkedQueue<Owed> owed = new ConcurrentLinkedQueue<>();

    /** Owes the settlement of the message {@code messageId}, which stays claimed until it is stored. */
    void add(String messageId, Step step) {
        owed.add(new Owed(messageId, step));
    }

    /**
     * Tries each owed settlement once more, in the order they were owed; one that still fails is
     * kept, and the rest wait for the next call (the cause is most likely the same for all).
     */
    void retry() {
        for (int remaining = owed.size(); remaining > 0; remaining--) {
            Owed next = owed.poll();
            if (next == null) {
                return; // another thread took the rest
            }
            try {
                next.step().store();
                log.info("Settled {} now; it could not be settled before", next.messageId());
            } catch (IpsyncException stillFailing) {
                if (stillFailing.getCause() instanceof ClaimLostException) {
                    // no longer this consumer's (its file removed by hand, its lease taken over): nothing left to settle
                    log.info("Not settling {} any more: its claim is lost ({})", next.messageId(),
                            stillFailing.getMessage());
                    continue;
                }
                owed.add(next);
                return;
            }
        }
    }

    /** Forgets them all: the queue is closing and gives every claim back. */
    void clear() {
        owed.clear();
    }
}
