package io.ipsync.redis;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages one consumer holds and has not settled, and the renewal of their leases.
 *
 * <p>A settlement takes its message out of here before it runs and puts it back only if the
 * outcome is unknown (the server could not be reached), so a renewal never reports as lost a
 * message that was just settled, and two settlements of one claim cannot both run: the second
 * finds it gone.
 *
 * <p>Thread-safe.
 */
final class HeldClaims {

    private static final Logger log = LoggerFactory.getLogger(HeldClaims.class);

    /**
     * One held message: its entry id and the delivery count it was claimed at, which tells this
     * claim from a later one of the same message. The {@link io.ipsync.spi.Claim#locator()} of the
     * claims a Redis queue hands out.
     */
    record Held(String id, int delivery) {
    }

    /** Renews the leases of messages, returning the ids no longer held. */
    @FunctionalInterface
    interface Renewal {
        List<String> renew(List<Held> held) throws java.io.IOException;
    }

    private final ConcurrentHashMap<String, Held> held = new ConcurrentHashMap<>();

    private final String queue;

    private ScheduledFuture<?> renewing;

    /** Whether the last renewal failed, so that an outage is warned about once, not every period. */
    private volatile boolean failing;

    /** @param queue the queue as log lines name it */
    HeldClaims(String queue) {
        this.queue = queue;
    }

    void add(Held claim) {
        held.put(claim.id(), claim);
    }

    /** Whether the claim is held: not settled, given back or found lost. */
    boolean holds(Held claim) {
        return claim.equals(held.get(claim.id()));
    }

    /** Takes the claim out to settle it; {@code false} when it is not held (settled already, or given back on close). */
    boolean takeForSettling(Held claim) {
        return held.remove(claim.id(), claim);
    }

    /** Every held claim, removed: for a consumer that is closing. */
    List<Held> drain() {
        List<Held> all = List.copyOf(held.values());
        all.forEach(claim -> held.remove(claim.id(), claim));
        return all;
    }

    int size() {
        return held.size();
    }

    /** Renews every held claim every {@code periodMillis} on the given thread until {@link #stopRenewing()}. */
    synchronized void startRenewing(ScheduledExecutorService executor, long periodMillis, Renewal renewal) {
        if (renewing == null) {
            renewing = executor.scheduleWithFixedDelay(() -> renewOnce(renewal), periodMillis, periodMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the renewals; one in progress finishes (within the command timeout). */
    synchronized void stopRenewing() {
        if (renewing != null) {
            renewing.cancel(false);
            renewing = null;
        }
    }

    private void renewOnce(Renewal renewal) {
        List<Held> snapshot = List.copyOf(held.values());
        if (snapshot.isEmpty()) {
            return;
        }
        try {
            for (String lostId : renewal.renew(snapshot)) {
                Held lost = held.get(lostId);
                if (lost != null && snapshot.contains(lost) && held.remove(lostId, lost)) {
                    log.warn("The claim of message {} of {} was lost: it is no longer pending under this consumer (taken"
                            + " over after its lease ran out, removed from outside, or settled by a call whose answer was"
                            + " lost); settling it will fail and change nothing", lostId, queue);
                }
            }
            if (failing) {
                failing = false;
                log.info("Renewing the claims of {} works again", queue);
            }
        } catch (java.io.IOException | RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("Cannot renew the claims of {}; other consumers take them over once their lease runs out: {}", queue,
                        e.getMessage());
            }
        }
    }
}
