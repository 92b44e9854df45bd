package io.ipsync.file;

import io.ipsync.internal.Durations;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry folder of a queue: failed and reclaimed messages wait here, named
 * {@link RetryFileName {@code <due>-<attempts>-<message>}}, until they are due again; so do
 * messages put for later, with 0 attempts.
 *
 * <p>Consumers look into the folder only when something may be due: at the earliest due time they
 * know of (retries they scheduled themselves), and at least every poll interval (retries others
 * scheduled). Thread-safe.
 */
final class RetryShelf {

    private static final Logger log = LoggerFactory.getLogger(RetryShelf.class);

    private static final int SCAN_LIMIT = 4096;

    private final Path folder;

    private final Clock clock;

    private final long pollNanos;

    private final FileSteps steps;

    /** When the folder is next worth a look, in {@link System#nanoTime()} terms. */
    private final AtomicLong nextScanNanos = new AtomicLong(System.nanoTime());

    /**
     * Set by {@link #shelve}, {@link #expect} and {@link #lookSoon} before they move {@link #nextScanNanos};
     * cleared by a scan before it lists the folder. A scan that ends with it set leaves the folder
     * due at once: what was shelved while it listed may be missing from its listing, and the next
     * scan time it sets would otherwise overwrite the earlier one asked for meanwhile.
     */
    private final AtomicBoolean lookAsked = new AtomicBoolean();

    private final Object scanLock = new Object();

    /** Foreign names already warned about, so that a scan every poll interval does not repeat them; bounded. */
    private final Set<String> warnedNames = ConcurrentHashMap.newKeySet();

    private static final int MAX_WARNED_NAMES = 1000;

    RetryShelf(Path folder, Clock clock, long pollNanos, FileSteps steps) {
        this.folder = folder;
        this.clock = clock;
        this.pollNanos = pollNanos;
        this.steps = steps;
    }

    /** Puts a claimed message on the shelf, due at {@code due}, with {@code attemptsMade} counted. */
    void shelve(Path claimed, String message, int attemptsMade, Instant due) throws IOException {
        // due times are kept to the millisecond (rounded down): a retry may be taken up to 1 ms early
        RetryFileName retry = new RetryFileName(due.toEpochMilli(), attemptsMade, message);
        steps.move(claimed, folder.resolve(retry.format()));
        expect(due);
    }

    /** A message was put on the shelf for later, due at {@code due}: look then. */
    void expect(Instant due) {
        lookAsked.set(true);
        long dueNanos = System.nanoTime() + Math.max(0,
                Math.min(Durations.toNanosSaturated(Duration.between(clock.instant(), due)), Long.MAX_VALUE / 4));
        nextScanNanos.accumulateAndGet(dueNanos, Math::min);
    }

    /** Something may be due now (another consumer's retries were reclaimed, say). */
    void lookSoon() {
        lookAsked.set(true);
        nextScanNanos.set(System.nanoTime());
    }

    /** Nanoseconds until the shelf is next worth a look (negative when overdue). */
    long nanosUntilNextScan() {
        return nextScanNanos.get() - System.nanoTime();
    }

    /**
     * Moves the earliest due message to {@code claimFolder}, named for its next attempt.
     *
     * @return the claim's path and name, or {@code null} when nothing is due
     */
    ClaimedFile claimDue(Path claimFolder) throws IOException {
        if (nanosUntilNextScan() > 0) {
            return null;
        }
        synchronized (scanLock) {
            lookAsked.set(false);
            long nowMillis = clock.millis();
            long nextScan = System.nanoTime() + pollNanos;
            for (String name : DirectoryListing.smallest(folder, n -> !n.startsWith("."), SCAN_LIMIT)) {
                RetryFileName retry = RetryFileName.parse(name);
                if (retry == null) {
                    if (warnedNames.size() < MAX_WARNED_NAMES && warnedNames.add(name)) {
                        log.warn("Ignoring {} in {}: not a name ipsync gives to retries (left where it is)", name, folder);
                    }
                    continue;
                }
                if (retry.dueEpochMillis() > nowMillis) {
                    nextScan = Math.min(nextScan,
                            System.nanoTime() + Duration.ofMillis(retry.dueEpochMillis() - nowMillis).toNanos());
                    break;
                }
                ClaimFileName claim = new ClaimFileName(retry.failedAttempts() + 1, retry.message());
                Path claimed = claimFolder.resolve(claim.format());
                if (ClaimMove.move(steps, folder.resolve(name), claimed)) {
                    nextScanNanos.set(System.nanoTime());
                    return new ClaimedFile(claimed, claim);
                }
            }
            nextScanNanos.set(nextScan);
            if (lookAsked.get()) {
                nextScanNanos.set(System.nanoTime());
            }
            return null;
        }
    }

    /** How many messages wait on the shelf. */
    long count() throws IOException {
        return DirectoryListing.count(folder, name -> !name.startsWith("."));
    }

    /**
     * A message just moved into a claim folder.
     *
     * @param path where it now is
     * @param name its claim file name: attempt and message name
     */
    record ClaimedFile(Path path, ClaimFileName name) {
    }
}
