package io.ipsync.file;

import io.ipsync.spi.Claim;
import io.ipsync.spi.ClaimLostException;
import io.ipsync.spi.DeadLetterReason;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer side of a {@link FileQueueChannel}: its identity ({@link ClaimOwner}, created on the
 * first claim, so that producers hold none), its watch of the directory, the claims it holds, and
 * the steps that settle them. Every step is one rename or unlink (see {@link FileQueueChannel} for
 * the life of a message).
 *
 * <p>Claims hold the close lock for reading and {@link #close()} for writing: close waits for
 * claims in progress, then gives back every message held and not settled. Thread-safe.
 */
final class QueueConsumer {

    private static final Logger log = LoggerFactory.getLogger(QueueConsumer.class);

    private final QueueDirectory directory;

    private final String location;

    private final Clock clock;

    private final FileSteps steps;

    private final FileHeaders headers;

    private final DeadLetterBox deadLetters;

    private final RetryShelf retries;

    private final WaitingNames waitingNames;

    private final QueueDirectoryPresence presence;

    private final ClaimedFileReader reader;

    private final ConsumerHousekeeping housekeeping;

    private final ReadWriteLock closeLock = new ReentrantReadWriteLock();

    private final Object ownerLock = new Object();

    /** Guarded by {@link #ownerLock}; created on the first claim. */
    private volatile ClaimOwner owner;

    /** Guarded by {@link #ownerLock}; created with the owner, so producers do not watch the directory. */
    private volatile ChangeWaiter waiter;

    /** Where each message this consumer claimed and has not settled is now. */
    private final Set<Path> held = ConcurrentHashMap.newKeySet();

    private volatile boolean closed;

    QueueConsumer(QueueDirectory directory, String location, Clock clock, FileSteps steps, FileHeaders headers,
            DeadLetterBox deadLetters, RetryShelf retries, WaitingNames waitingNames, ClaimedFileReader reader,
            ConsumerHousekeeping housekeeping) {
        this.directory = directory;
        this.location = location;
        this.clock = clock;
        this.steps = steps;
        this.headers = headers;
        this.deadLetters = deadLetters;
        this.retries = retries;
        this.waitingNames = waitingNames;
        this.presence = new QueueDirectoryPresence(directory.root);
        this.reader = reader;
        this.housekeeping = housekeeping;
    }

    /** See {@link FileQueueChannel#claim(long)}. */
    Claim claim(long timeoutNanos) throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("Interrupted before taking a message from " + location);
        }
        ensureOpen();
        try {
            ensureOwner();
            return waiter.await(this::tryClaim, timeoutNanos);
        } catch (ClosedByInterruptException e) {
            Thread.interrupted();
            InterruptedException interrupted = new InterruptedException("Interrupted while taking a message from " + location);
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    private Claim tryClaim() throws IOException {
        Lock lock = closeLock.readLock();
        lock.lock();
        ClaimOwner claimingAs = owner;
        try {
            ensureOpen();
            housekeeping.reclaimIfDue(owner);
            RetryShelf.ClaimedFile retry = retries.claimDue(owner.claimFolder());
            if (retry != null) {
                return read(retry.path(), retry.name());
            }
            Claim claim = claimOldestWaiting();
            if (claim == null) {
                presence.check();
            }
            housekeeping.sweepIfDue(claim == null);
            return claim;
        } catch (ClaimMove.ClaimFolderGoneException gone) {
            if (!renewOwnerIfBookkeepingIsGone(claimingAs)) {
                throw gone;
            }
            presence.check();
            waitingNames.forgetListing(); // the name whose claim failed is found again
            waiter.changed();
            return null;
        } finally {
            lock.unlock();
        }
    }

    private Claim claimOldestWaiting() throws IOException {
        while (true) {
            String name = waitingNames.next(waiter.isWatching());
            if (name == null) {
                return null;
            }
            ClaimFileName claim = new ClaimFileName(1, name);
            Path claimed = owner.claimFolder().resolve(claim.format());
            if (ClaimMove.move(steps, directory.root.resolve(name), claimed)) {
                return read(claimed, claim);
            }
        }
    }

    /** Reads what was claimed and holds it; gives it back when an interrupt cut the read short. */
    private Claim read(Path claimed, ClaimFileName claim) throws ClosedByInterruptException {
        held.add(claimed);
        try {
            return reader.read(claimed, claim);
        } catch (ClosedByInterruptException interrupted) {
            try {
                giveBack(claimed, claim.message(), claim.attempt() - 1);
            } catch (IOException e) {
                interrupted.addSuppressed(e);
                log.warn("Could not give back {} after an interrupt; it comes back once this consumer is gone", claimed, e);
            }
            throw interrupted;
        }
    }

    void acknowledge(Claim claim) throws IOException {
        Path claimed = heldPath(claim);
        if (!steps.delete(claimed)) {
            throw lostIfGone(claimed, claim, new IOException("Cannot delete the handled message " + claimed));
        }
        held.remove(claimed);
        if (!claim.headers().isEmpty()) {
            headers.forget(claim.messageId());
        }
    }

    void retryLater(Claim claim, Instant notBefore) throws IOException {
        Path claimed = heldPath(claim);
        try {
            retries.shelve(claimed, claim.messageId(), claim.attempt(), notBefore);
        } catch (NoSuchFileException gone) {
            throw lostIfGone(claimed, claim, gone);
        }
        held.remove(claimed);
        waiter.changed();
    }

    /**
     * Dead-letters a claimed message. Its record is written through a file channel, which an
     * interrupt would close: the step runs with the thread's interrupt status cleared and set
     * again after, as every settlement completes on an interrupted thread.
     */
    void deadLetter(Claim claim, DeadLetterReason reason) throws IOException {
        Path claimed = heldPath(claim);
        boolean interrupted = Thread.interrupted();
        try {
            deadLetters.put(claimed, claim.messageId(), claim.attempt(), owner.id(), claim.headers(), reason);
        } catch (NoSuchFileException gone) {
            throw lostIfGone(claimed, claim, gone);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        held.remove(claimed);
        log.warn("Dead-lettered {} from {}: {}", claim.messageId(), location, reason.description());
    }

    void release(Claim claim) throws IOException {
        Path claimed = heldPath(claim);
        try {
            giveBack(claimed, claim.messageId(), claim.attempt() - 1);
        } catch (NoSuchFileException gone) {
            throw lostIfGone(claimed, claim, gone);
        }
    }

    /**
     * What a settlement whose step failed throws: {@link ClaimLostException} when the claimed file
     * is gone (removed by hand, taken back from this consumer), the failure itself otherwise (a
     * folder of the step's target missing, a file that cannot be deleted).
     */
    private IOException lostIfGone(Path claimed, Claim claim, IOException failure) {
        if (Files.exists(claimed, LinkOption.NOFOLLOW_LINKS)) {
            return failure;
        }
        held.remove(claimed);
        return new ClaimLostException("The claimed message " + claim.messageId() + " of " + location + " is gone from "
                + claimed + " (removed from outside, or taken back from this consumer)", failure);
    }

    /**
     * Puts a claimed message back, due at once, with {@code attemptsMade} counted: under its
     * original name when it was never tried (so that Python consumers can take it too), on the
     * retry shelf otherwise.
     */
    private void giveBack(Path claimed, String message, int attemptsMade) throws IOException {
        if (attemptsMade == 0) {
            steps.move(claimed, directory.root.resolve(message));
            waitingNames.forgetListing();
        } else {
            retries.shelve(claimed, message, attemptsMade, clock.instant());
        }
        held.remove(claimed);
        waiter.changed();
    }

    /**
     * A message was put on the retry shelf for later, due at {@code due}: this consumer's waiters
     * look at the shelf then, rather than at their next poll.
     */
    void expect(Instant due) {
        retries.expect(due);
        ChangeWaiter current = waiter;
        if (current != null) {
            current.changed();
        }
    }

    void wakeUpWaiters() {
        ChangeWaiter current = waiter;
        if (current != null) {
            current.wakeUpWaiters();
        }
    }

    boolean isWatching() {
        ChangeWaiter current = waiter;
        return current != null && current.isWatching();
    }

    /**
     * Waiters return, claims in progress finish, claims not settled go back to the queue (their
     * attempt not counted), and the consumer identity is given up.
     */
    void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        wakeUpWaiters();
        Lock lock = closeLock.writeLock();
        lock.lock();
        try {
            for (Path claimed : List.copyOf(held)) {
                ClaimFileName name = ClaimFileName.parse(claimed.getFileName().toString());
                try {
                    giveBack(claimed, name.message(), name.attempt() - 1);
                    log.info("Released unsettled message {} back to {}", name.message(), location);
                } catch (IOException e) {
                    log.warn("Could not release {} back to {}; it comes back once this consumer is gone", claimed,
                            location, e);
                }
            }
            synchronized (ownerLock) {
                if (waiter != null) {
                    waiter.close();
                }
                if (owner != null) {
                    owner.close();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void ensureOwner() throws IOException {
        if (owner != null) {
            return;
        }
        synchronized (ownerLock) {
            ensureOpen();
            if (owner == null) {
                ChangeWaiter newWaiter = new ChangeWaiter(directory.root, MessageNames::isMessage,
                        housekeeping::longestWaitNanos, waitingNames.arrivals());
                try {
                    ClaimOwner newOwner = ClaimOwner.create(directory);
                    waiter = newWaiter;
                    owner = newOwner;
                } catch (IOException | RuntimeException e) {
                    newWaiter.close();
                    throw e;
                }
                housekeeping.reclaimNow();
            }
        }
    }

    /**
     * Starts afresh as a new consumer when this one's whole bookkeeping is gone (the queue
     * directory was deleted and re-created): its lock file went with its claim folder. The claims
     * it held went with them. When only the claim folder was removed, nothing is renewed and the
     * claim fails, as something is tampering with a live consumer's files.
     *
     * @return whether claiming can go on
     */
    private boolean renewOwnerIfBookkeepingIsGone(ClaimOwner failed) throws IOException {
        synchronized (ownerLock) {
            if (owner != failed) {
                return true; // another thread renewed it
            }
            if (closed || Files.exists(directory.ownerLock(failed.id()), LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            log.warn("The bookkeeping of consumer {} in {} is gone (was the queue directory deleted and re-created?); "
                    + "going on as a new consumer", failed.id(), location);
            owner = ClaimOwner.create(directory);
            held.removeIf(claimed -> claimed.startsWith(failed.claimFolder()));
            try {
                failed.close();
            } catch (IOException e) {
                log.debug("Could not close the lost consumer identity {}", failed.id(), e);
            }
            return true;
        }
    }

    private Path heldPath(Claim claim) throws ClaimLostException {
        if (!(claim.locator() instanceof Path claimed) || !held.contains(claimed)) {
            throw new ClaimLostException("The message " + claim.messageId() + " is not claimed by this consumer of "
                    + location + " (already settled, or released when the queue was closed)");
        }
        return claimed;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("The queue " + location + " is closed");
        }
    }
}
