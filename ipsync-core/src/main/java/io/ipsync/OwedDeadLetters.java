package io.ipsync;

import io.ipsync.spi.Claim;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages a consumer found unreadable (or out of attempts) but could not set aside, because
 * storing the dead letter failed: typically a full disk, where the reason file cannot be written.
 *
 * <p>Nothing is lost meanwhile: each stays claimed by this consumer, so it comes back to the queue
 * like any other claim if the process dies, and {@link JsonDataQueue#close()} gives it back. The
 * consumer goes on with the other messages and tries again to dead-letter these before each take,
 * so they are set aside soon after space returns.
 *
 * <p>Thread-safe: each owed dead letter is retried by one thread at a time.
 */
final class OwedDeadLetters {

    private static final Logger log = LoggerFactory.getLogger(OwedDeadLetters.class);

    /** How to dead-letter a claim; throws {@link IpsyncException} when it still cannot be stored. */
    interface DeadLetterStep {
        void deadLetter(Claim claim, String reason, Throwable cause);
    }

    private record Owed(Claim claim, String reason, Throwable cause) {
    }

    private final ConcurrentLinkedQueue<Owed> owed = new ConcurrentLinkedQueue<>();

    void add(Claim claim, String reason, Throwable cause) {
        owed.add(new Owed(claim, reason, cause));
    }

    /**
     * Tries each owed dead letter once more, in the order they were owed; one that still fails is
     * kept, and the rest wait for the next call (the cause is most likely the same for all).
     */
    void retry(DeadLetterStep step) {
        for (int remaining = owed.size(); remaining > 0; remaining--) {
            Owed next = owed.poll();
            if (next == null) {
                return; // another thread took the rest
            }
            try {
                step.deadLetter(next.claim(), next.reason(), next.cause());
            } catch (IpsyncException stillFailing) {
                if (stillFailing.getCause() instanceof NoSuchFileException) {
                    // the claimed file is gone (removed by hand): nothing left to set aside
                    log.info("Not dead-lettering {} any more: its claimed file is gone ({})", next.claim().messageId(),
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
