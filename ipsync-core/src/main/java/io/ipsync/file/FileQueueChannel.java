package io.ipsync.file;

import io.ipsync.QueueOptions;
import io.ipsync.QueueStats;
import io.ipsync.spi.Claim;
import io.ipsync.spi.ClaimLostException;
import io.ipsync.spi.DeadLetterReason;
import io.ipsync.spi.DeadLetterStore;
import io.ipsync.spi.OutgoingMessage;
import io.ipsync.spi.QueueChannel;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A queue as a directory with one file per message, compatible with jk_interprocesssync's
 * {@code JSONDataQueue} (see {@link QueueDirectory} for the layout and {@link MessageNames} for
 * the names).
 *
 * <h2>Life of a message</h2>
 * Every step is one {@code rename} within the queue's file system, so a message is always in
 * exactly one place:
 * <ol>
 * <li><b>put</b>: written to {@code .ipsync/incoming/tmp_q_<T>_<producer>.tmp} (with its headers,
 * if any: see {@link FileHeaders}), then renamed to {@code q_<T>_<producer>}. The rename is the
 * commit point: before it, no consumer sees anything.
 * <li><b>claim</b>: renamed into the consumer's claim folder as {@code <attempt>-q_...}
 * ({@link ClaimMove}). Of two consumers (Java or Python) racing for one message, exactly one
 * rename or unlink succeeds.
 * <li><b>acknowledge</b>: the claimed file is deleted, after the message was handled: the commit
 * point of at-least-once delivery.
 * <li><b>retry later</b> / <b>release</b>: renamed onto the {@link RetryShelf} as
 * {@code .ipsync/retry/<due>-<attempts>-q_...} (a released first attempt goes back to its
 * original name instead).
 * <li><b>dead-letter</b>: moved to the {@link DeadLetterBox} with a reason file.
 * <li><b>reclaim</b>: a dead consumer's claims go to the retry shelf (see {@link ClaimReaper}).
 * </ol>
 *
 * <h2>Order</h2>
 * Due retries first, then waiting messages oldest first, each producer's in the order it put
 * them (see {@link WaitingNames}).
 *
 * <h2>Closing</h2>
 * {@link #close()} waits for claims in progress to finish, then gives back every message claimed
 * and not settled, and gives up the consumer's identity; claims begun afterwards fail.
 *
 * <p>Thread-safe: any number of threads may claim through one channel.
 */
public final class FileQueueChannel implements QueueChannel {

    private static final Logger log = LoggerFactory.getLogger(FileQueueChannel.class);

    private static final long MIN_WAIT_NANOS = Duration.ofMillis(1).toNanos();

    private final QueueDirectory directory;

    private final String location;

    private final long maxMessageSize;

    private final long pollNanos;

    private final long reclaimNanos;

    private final Clock clock;

    private final DiskSync diskSync;

    private final FileSteps steps;

    private final MessageNamer namer = new MessageNamer();

    private final DeadLetterBox deadLetters;

    private final FileDeadLetterStore deadLetterStore;

    private final FileHeaders headers;

    private final RetryShelf retries;

    private final ClaimReaper reaper;

    private final StaleTempFileSweeper sweeper;

    private final QueueDirectoryPresence presence;

    /** Claims hold it for reading, {@link #close()} for writing: close waits for claims in progress. */
    private final ReadWriteLock closeLock = new ReentrantReadWriteLock();

    private final Object ownerLock = new Object();

    /** Guarded by {@link #ownerLock}; created on the first claim, so producers hold no consumer identity. */
    private volatile ClaimOwner owner;

    /** Guarded by {@link #ownerLock}; created with the owner, so producers do not watch the directory. */
    private volatile ChangeWaiter waiter;

    private final WaitingNames waitingNames;

    private final Set<Path> held = ConcurrentHashMap.newKeySet();

    /** Whether this channel made sure the folder of temporary files exists (producers only need it). */
    private volatile boolean incomingCreated;

    private final AtomicLong nextReapNanos = new AtomicLong();

    private final AtomicLong nextSweepNanos = new AtomicLong(System.nanoTime());

    private volatile boolean closed;

    private FileQueueChannel(Path root, QueueOptions options, FileSettings settings, FileModes modes, Clock clock,
            FileSteps steps) {
        this.directory = new QueueDirectory(root, settings.deadLetterDirectory(), modes);
        this.location = root.toString();
        this.maxMessageSize = options.maxMessageSize();
        this.pollNanos = settings.pollInterval().toNanos();
        this.reclaimNanos = options.reclaimInterval().toNanos();
        this.clock = clock;
        this.diskSync = DiskSync.of(settings.syncWrites());
        this.steps = steps;
        this.headers = new FileHeaders(directory);
        this.deadLetters = new DeadLetterBox(directory, location, steps);
        this.deadLetterStore = new FileDeadLetterStore(directory, deadLetters, headers, namer, maxMessageSize, steps);
        this.retries = new RetryShelf(directory.retries, clock, pollNanos, steps);
        this.reaper = new ClaimReaper(directory, deadLetters, retries, clock);
        this.waitingNames = new WaitingNames(root, pollNanos);
        this.sweeper = new StaleTempFileSweeper(directory, headers, settings.staleTempFileAge(), clock);
        this.presence = new QueueDirectoryPresence(root);
    }

    /**
     * Opens the queue in {@code directory}.
     *
     * @throws NoSuchFileException when the directory is missing and the settings do not create it
     * @throws NotDirectoryException when something other than a directory is in its place
     * @throws UnsafeDirectoryException when another user could replace or redirect the directory
     */
    public static FileQueueChannel open(Path directory, QueueOptions options, FileSettings settings) throws IOException {
        return open(directory, options, settings, FileSteps.DIRECT);
    }

    /** As {@link #open(Path, QueueOptions, FileSettings)}, taking every step of a message's life through {@code steps} (tests). */
    static FileQueueChannel open(Path directory, QueueOptions options, FileSettings settings, FileSteps steps)
            throws IOException {
        Path root = directory.toAbsolutePath().normalize();
        Path deadLetters = settings.deadLetterDirectory();
        if (deadLetters != null && deadLetters.toAbsolutePath().normalize().equals(root)) {
            throw new IllegalArgumentException("The dead-letter directory of the queue " + root
                    + " is the queue directory itself, where dead letters would come back as messages: choose another");
        }
        FileModes modes = FileModes.of(settings.sharing());
        modes.requireUsableUmask(root);
        if (settings.createDirectory()) {
            modes.ensureDirectories(root);
        } else if (!Files.exists(root)) {
            throw new NoSuchFileException(root.toString(), null, "the queue directory does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new NotDirectoryException(root.toString());
        }
        DirectoryGuard.check(root, settings.sharing());
        return new FileQueueChannel(root, options, settings, modes, Clock.systemUTC(), steps);
    }

    @Override
    public String location() {
        return location;
    }

    DiskSync diskSync() {
        return diskSync;
    }

    @Override
    public String put(byte[] json, Map<String, String> headers) throws IOException {
        ensureOpen();
        String name = namer.next(!headers.isEmpty());
        Path temp = directory.incoming.resolve(MessageNames.temporary(name));
        try {
            writeTemporary(temp, json);
            if (!headers.isEmpty()) {
                this.headers.write(temp, name, headers);
            }
            steps.move(temp, directory.root.resolve(name));
            diskSync.forceDirectory(directory.root);
            return name;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    /**
     * Writes a producer's temporary file; creates the folder for them on the first put, and again
     * if it went away (the queue directory was deleted and re-created, say).
     */
    private void writeTemporary(Path temp, byte[] json) throws IOException {
        if (!incomingCreated) {
            directory.createIncoming();
            incomingCreated = true;
        }
        try {
            steps.writeNew(temp, json, directory.modes, diskSync);
        } catch (NoSuchFileException folderGone) {
            directory.createIncoming();
            steps.writeNew(temp, json, directory.modes, diskSync);
        }
    }

    @Override
    public List<String> putAll(List<OutgoingMessage> messages) throws IOException {
        List<String> names = new ArrayList<>(messages.size());
        for (OutgoingMessage message : messages) {
            names.add(put(message.json(), message.headers()));
        }
        return names;
    }

    /**
     * {@inheritDoc}
     *
     * @throws InterruptedException when the thread is interrupted, also before the call: a
     *     message is never claimed, nor read, on an interrupted thread (an interrupted read would
     *     look like an unreadable message)
     */
    @Override
    public Claim claim(long timeoutNanos) throws IOException, InterruptedException {
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
            reclaimIfDue();
            RetryShelf.ClaimedFile retry = retries.claimDue(owner.claimFolder());
            if (retry != null) {
                return read(retry.path(), retry.name());
            }
            Claim claim = claimOldestWaiting();
            if (claim == null) {
                presence.check();
            }
            sweepIfDue(claim == null);
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

    /**
     * Reads a claimed message. Only regular files are opened, never through a symbolic link, and
     * never beyond the size limit; whatever cannot be read is returned as an unreadable claim for
     * the caller to dead-letter. A read cut short by an interrupt is not a property of the
     * message: the message goes back where it came from and the interrupt is passed on.
     */
    private Claim read(Path claimed, ClaimFileName claim) throws ClosedByInterruptException {
        held.add(claimed);
        String name = claim.message();
        int attempt = claim.attempt();
        String producer = MessageNames.producer(name);
        Instant timestamp = MessageNames.timestamp(name);
        try {
            BasicFileAttributes attributes = Files.readAttributes(claimed, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                return new Claim(name, attempt, producer, timestamp, null,
                        "not a regular file but " + describeType(attributes), Map.of(), claimed);
            }
            byte[] content = BoundedReader.read(claimed, attributes.size(), maxMessageSize, false);
            Map<String, String> found = Map.of();
            if (FileHeaders.mayHave(name)) {
                try {
                    found = headers.read(claimed, name);
                } catch (ClosedByInterruptException interrupted) {
                    throw interrupted;
                } catch (IOException e) {
                    return new Claim(name, attempt, producer, timestamp, null, "headers unreadable: " + e.getMessage(),
                            Map.of(), claimed);
                }
            }
            return new Claim(name, attempt, producer, timestamp, content, null, found, claimed);
        } catch (ClosedByInterruptException interrupted) {
            try {
                giveBack(claimed, name, attempt - 1);
            } catch (IOException e) {
                interrupted.addSuppressed(e);
                log.warn("Could not give back {} after an interrupt; it comes back once this consumer is gone", claimed, e);
            }
            throw interrupted;
        } catch (IOException e) {
            return new Claim(name, attempt, producer, timestamp, null, "unreadable: " + e, Map.of(), claimed);
        }
    }

    @Override
    public void acknowledge(Claim claim) throws IOException {
        Path claimed = heldPath(claim);
        if (!steps.delete(claimed)) {
            if (!Files.exists(claimed, LinkOption.NOFOLLOW_LINKS)) {
                held.remove(claimed);
                throw new ClaimLostException("The claimed message " + claim.messageId() + " of " + location
                        + " is gone from " + claimed + " (removed from outside, or taken back from this consumer)");
            }
            throw new IOException("Cannot delete the handled message " + claimed);
        }
        held.remove(claimed);
        if (!claim.headers().isEmpty()) {
            headers.forget(claim.messageId());
        }
    }

    @Override
    public void retryLater(Claim claim, Instant notBefore) throws IOException {
        Path claimed = heldPath(claim);
        retries.shelve(claimed, claim.messageId(), claim.attempt(), notBefore);
        held.remove(claimed);
        waiter.changed();
    }

    @Override
    public void deadLetter(Claim claim, DeadLetterReason reason) throws IOException {
        Path claimed = heldPath(claim);
        deadLetters.put(claimed, claim.messageId(), claim.attempt(), owner.id(), claim.headers(), reason);
        held.remove(claimed);
        log.warn("Dead-lettered {} from {}: {}", claim.messageId(), location, reason.description());
    }

    @Override
    public void release(Claim claim) throws IOException {
        giveBack(heldPath(claim), claim.messageId(), claim.attempt() - 1);
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

    @Override
    public int reclaimAbandoned() throws IOException {
        int reclaimed = reaper.reapDeadOwners();
        if (reclaimed > 0) {
            retries.lookSoon();
        }
        return reclaimed;
    }

    @Override
    public long size() throws IOException {
        return DirectoryListing.count(directory.root, MessageNames::isMessage) + retries.count();
    }

    @Override
    public QueueStats stats() throws IOException {
        DirectoryListing.Summary waiting = DirectoryListing.summarize(directory.root, MessageNames::isMessage);
        Duration oldestAge = waiting.smallest() == null ? null : age(waiting.smallest());
        long inFlight = 0;
        for (Path folder : DirectoryListing.entries(directory.claims, name -> !name.startsWith("."))) {
            inFlight += DirectoryListing.count(folder, name -> true);
        }
        return new QueueStats(waiting.count(), oldestAge, inFlight, retries.count(), deadLetters.count());
    }

    private Duration age(String name) throws IOException {
        Instant put = MessageNames.timestamp(name);
        if (put == null) {
            try {
                put = Files.getLastModifiedTime(directory.root.resolve(name), LinkOption.NOFOLLOW_LINKS).toInstant();
            } catch (NoSuchFileException takenMeanwhile) {
                return Duration.ZERO;
            }
        }
        Duration age = Duration.between(put, clock.instant());
        return age.isNegative() ? Duration.ZERO : age;
    }

    @Override
    public DeadLetterStore deadLetters() {
        return deadLetterStore;
    }

    @Override
    public void wakeUpWaiters() {
        ChangeWaiter current = waiter;
        if (current != null) {
            current.wakeUpWaiters();
        }
    }

    /** Whether file-system notifications currently arrive for this queue (consumers only; producers never watch). */
    public boolean isWatching() {
        ChangeWaiter current = waiter;
        return current != null && current.isWatching();
    }

    /**
     * Closes the channel: waiters return, claims in progress finish, claims not settled go back to
     * the queue (their attempt not counted), and the consumer identity is given up.
     */
    @Override
    public void close() throws IOException {
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
                ChangeWaiter newWaiter = new ChangeWaiter(directory.root, MessageNames::isMessage, this::longestWaitNanos,
                        waitingNames.arrivals());
                try {
                    ClaimOwner newOwner = ClaimOwner.create(directory);
                    waiter = newWaiter;
                    owner = newOwner;
                } catch (IOException | RuntimeException e) {
                    newWaiter.close();
                    throw e;
                }
                nextReapNanos.set(System.nanoTime());
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

    /**
     * Housekeeping that rides on claims, every reclaim interval: showing this consumer alive
     * ({@link ClaimOwner#keepAlive()}) and reclaiming dead consumers' messages.
     */
    private void reclaimIfDue() {
        long now = System.nanoTime();
        long reapDue = nextReapNanos.get();
        if (now - reapDue >= 0 && nextReapNanos.compareAndSet(reapDue, now + reclaimNanos)) {
            owner.keepAlive();
            try {
                reclaimAbandoned();
            } catch (IOException e) {
                log.warn("Could not look for dead consumers' claims in {}", location, e);
            }
        }
    }

    /**
     * Housekeeping that rides on claims: sweeping stale temporary files, which reads the whole
     * directory. It waits for a claim that found nothing, so that it never delays the messages of
     * a backlog, unless it is overdue by a whole interval.
     */
    private void sweepIfDue(boolean idle) {
        long now = System.nanoTime();
        long sweepDue = nextSweepNanos.get();
        long overdue = now - sweepDue;
        if (overdue >= 0 && (idle || overdue >= sweeper.intervalNanos())
                && nextSweepNanos.compareAndSet(sweepDue, now + sweeper.intervalNanos())) {
            sweeper.sweep();
        }
    }

    private long longestWaitNanos() {
        long wait = Math.min(pollNanos, Math.min(nextReapNanos.get() - System.nanoTime(), retries.nanosUntilNextScan()));
        return Math.max(MIN_WAIT_NANOS, wait);
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

    private static String describeType(BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "a directory";
        }
        if (attributes.isSymbolicLink()) {
            return "a symbolic link (never followed)";
        }
        return "a special file (FIFO, socket or device)";
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.debug("Could not delete {}", path, e);
        }
    }

    @Override
    public String toString() {
        return "FileQueueChannel[" + location + "]";
    }
}
