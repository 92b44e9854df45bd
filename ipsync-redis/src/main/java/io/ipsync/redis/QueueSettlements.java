package io.ipsync.redis;

import io.ipsync.spi.Claim;
import io.ipsync.spi.ClaimLostException;
import io.ipsync.spi.DeadLetterReason;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settlements of one consumer's claims, each one checked step of {@link QueueScripts}.
 *
 * <p>A settlement takes its claim out of the {@link HeldClaims} first (a claim that is not there
 * was settled already, given back on close, or found lost by a renewal: {@link ClaimLostException});
 * a script that finds the message no longer this consumer's changes nothing and the settlement
 * throws {@link ClaimLostException}; a call whose outcome is unknown (no answer) puts the claim
 * back, so it is renewed and may be settled again. Settlements wait regardless of interrupts
 * (see {@link ServerCalls#call}).
 *
 * <p>Thread-safe.
 */
final class QueueSettlements {

    private static final Logger log = LoggerFactory.getLogger(QueueSettlements.class);

    private final QueueScripts scripts;

    private final HeldClaims held;

    private final Prefetch prefetch;

    private final String consumer;

    private final String location;

    QueueSettlements(QueueScripts scripts, HeldClaims held, Prefetch prefetch, String consumer, String location) {
        this.scripts = scripts;
        this.held = held;
        this.prefetch = prefetch;
        this.consumer = consumer;
        this.location = location;
    }

    /** Acknowledges the message, and takes the next message taken ahead, if any, out of the server's record of those. */
    void acknowledge(Claim claim) throws IOException {
        HeldClaims.Held settling = takeForSettling(claim);
        QueueScripts.Entry next = prefetch.next();
        String found;
        try {
            found = scripts.acknowledge(consumer, settling.id(), settling.delivery(), next);
        } catch (IOException e) {
            held.add(settling);
            if (next != null) {
                prefetch.putBack(next);
            }
            throw e;
        }
        if (next != null) {
            prefetch.recorded(next);
        }
        if (found != null) {
            throw lost(claim, found);
        }
    }

    /** Schedules the message for its next attempt at {@code notBefore} (by this host's clock, as a delay from now). */
    void retryLater(Claim claim, Instant notBefore) throws IOException {
        giveBack(claim, Math.max(0, Duration.between(Instant.now(), notBefore).toMillis()), true);
    }

    void release(Claim claim) throws IOException {
        giveBack(claim, 0, false);
    }

    private void giveBack(Claim claim, long delayMillis, boolean counts) throws IOException {
        HeldClaims.Held settling = takeForSettling(claim);
        String found;
        try {
            found = scripts.giveBack(consumer, delayMillis, counts, List.of(settling)).get(0);
        } catch (IOException e) {
            held.add(settling);
            throw e;
        }
        if (found != null) {
            throw lost(claim, found);
        }
    }

    void deadLetter(Claim claim, DeadLetterReason reason) throws IOException {
        HeldClaims.Held settling = takeForSettling(claim);
        QueueScripts.DeadLettered outcome;
        try {
            outcome = scripts.deadLetter(consumer, settling.id(), settling.delivery(), reason.description(),
                    reason.cause() == null ? null : reason.cause().toString());
        } catch (IOException e) {
            held.add(settling);
            throw e;
        }
        if (outcome.id() == null) {
            throw lost(claim, outcome.found());
        }
        log.warn("Dead-lettered {} from {} as {}: {}", claim.messageId(), location, outcome.id(), reason.description());
    }

    /**
     * Gives back messages nobody saw (taken by a thread that was interrupted meanwhile, or held by
     * a consumer that is closing), due at once, the attempt not counted. Where the server cannot be
     * reached they come back when their lease runs out.
     */
    void giveBackUnseen(List<HeldClaims.Held> unseen, String why) {
        if (unseen.isEmpty()) {
            return;
        }
        try {
            scripts.giveBack(consumer, 0, false, unseen);
            log.info("Released {} unsettled messages back to {} ({})", unseen.size(), location, why);
        } catch (IOException e) {
            log.warn("Could not release {} unsettled messages back to {} ({}); they come back when their lease runs out: {}",
                    unseen.size(), location, why, e.getMessage());
        }
    }

    private HeldClaims.Held takeForSettling(Claim claim) throws ClaimLostException {
        if (!(claim.locator() instanceof HeldClaims.Held locator) || !held.takeForSettling(locator)) {
            throw new ClaimLostException("The message " + claim.messageId() + " is not claimed by this consumer of " + location
                    + " (already settled, given back when the queue was closed, or its lease was lost)");
        }
        return locator;
    }

    private ClaimLostException lost(Claim claim, String found) {
        return new ClaimLostException("The message " + claim.messageId() + " of " + location + " is no longer this consumer's ("
                + found + "): its lease ran out and another consumer took it over, or it was removed from outside;"
                + " nothing was changed");
    }
}
