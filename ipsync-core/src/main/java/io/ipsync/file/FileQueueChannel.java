package io.ipsync.file;

import io.ipsync.QueueOptions;
import io.ipsync.QueueStats;
import io.ipsync.spi.Claim;
import io.ipsync.spi.DeadLetterReason;
import io.ipsync.spi.QueueChannel;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
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
 * <li><b>put</b>: written to {@code tmp_q_<T>_<producer>.tmp}, then renamed to
 * {@code q_<T>_<producer>}. The rename is the commit point: before it, no consumer sees anything.
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
 * Due retries first, then waiting messages by name, which is oldest first across producers. A
 * consumer reads the directory in batches of the oldest names (4,096 at first, doubling up to
 * 131,072 while the backlog fills them), so a message put meanwhile with an older timestamp can be
 * taken after younger ones of the batch.
 *
 * <h2>Closing</h2>
 * {@link #close()} waits for claims in progress to finish, then gives back every message claimed
 * and not settled, and gives up the consumer's identity; claims begun afterwards fail.
 *
 * <p>Thread-safe: any number of threads may claim through one channel.
 */
public final class FileQueueChannel implements QueueChannel {

    private static final Logger log = LoggerFactory.getLogger(FileQueueChannel.class);

    /** How many of the oldest names a directory listing keeps for the claims that follow, at first. */
    private static final int MIN_BATCH_SIZE = 4096;

    /**
     * The most names one listing keeps (about 13 MB of names): the batch doubles up to this while
     * listings come back full, so a deep backlog is read in few listings.
     */
    private static final int MAX_BATCH_SIZE = 131_072;

    private static final long MIN_WAIT_NANOS = Duration.ofMillis(1).toNanos();

    private final QueueDirectory directory;

    private final String location;

    private final long maxMessageSize;

    private final long pollNanos;

    private final long reclaimNanos;

    private final Clock clock;

    private final FileSteps steps;

    private final MessageNamer namer = new MessageNamer();

    private final DeadLetterBox deadLetters;

    private final RetryShelf retries;

    private final ClaimReaper reaper;

    private final StaleTempFileSweeper sweeper;

    /** Claims hold it for reading, {@link #close()} for writing: close waits for claims in progress. */
    private final ReadWriteLock closeLock = new ReentrantReadWriteLock();

    private final Object ownerLock = new Object();

    /** Guarded by {@link #ownerLock}; created on the first claim, so producers leave no trace. */
    private volatile ClaimOwner owner;

    /** Guarded by {@link #ownerLock}; created with the owner, so producers do not watch the directory. */
    private volatile ChangeWaiter waiter;

    /** Names from the last listing, oldest first; guarded by itself. */
    private final ArrayDeque<String> candidates = new ArrayDeque<>();

    /** How many names the next listing keeps; guarded by {@link #candidates}. */
    private int batchSize = MIN_BATCH_SIZE;

    private final Set<Path> held = ConcurrentHashMap.newKeySet();

    private final AtomicLong nextReapNanos = new AtomicLong();

    private final AtomicLong nextSweepNanos = new AtomicLong(System.nanoTime());

    private volatile boolean closed;

    private FileQueueChannel(Path root, QueueOptions options, Clock clock, FileSteps steps) {
        this.directory = new QueueDirectory(root, options.deadLetterDirectory());
        this.location = root.toString();
        this.maxMessageSize = options.maxMessageSize();
        this.pollNanos = options.pollInterval().toNanos();
        this.reclaimNanos = options.reclaimInterval().toNanos();
        this.clock = clock;
        this.steps = steps;
        this.deadLetters = new DeadLetterBox(directory.deadLetters, location, steps);
        this.retries = new RetryShelf(directory.retries, clock, pollNanos, steps);
        this.reaper = new ClaimReaper(directory, deadLetters, retries, clock);
        this.sweeper = new StaleTempFileSweeper(root, options.staleTempFileAge(), clock);
    }

    /**
     * Opens the queue in {@code directory}.
     *
     * @throws NoSuchFileException when the directory is missing and the options do not create it
     * @throws NotDirectoryException when something other than a directory is in its place
     */
    public static FileQueueChannel open(Path directory, QueueOptions options) throws IOException {
        return open(directory, options, FileSteps.DIRECT);
    }

    /** As {@link #open(Path, QueueOptions)}, taking every step of a message's life through {@code steps} (tests). */
    static FileQueueChannel open(Path directory, QueueOptions options, FileSteps steps) throws IOException {
        Path root = directory.toAbsolutePath().normalize();
        if (options.createDirectory()) {
            Files.createDirectories(root);
        } else if (!Files.exists(root)) {
            throw new NoSuchFileException(root.toString(), null, "the queue directory does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new NotDirectoryException(root.toString());
        }
        return new FileQueueChannel(root, options, Clock.systemUTC(), steps);
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public String put(byte[] json) throws IOException {
        ensureOpen();
        String name = namer.next();
        Path temp = directory.root.resolve(MessageNames.temporary(name));
        try {
            steps.write(temp, json, StandardOpenOption.CREATE_NEW);
            steps.move(temp, directory.root.resolve(name));
            return name;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    @Override
    public List<String> putAll(List<byte[]> messages) throws IOException {
        List<String> names = new ArrayList<>(messages.size());
        for (byte[] message : messages) {
            names.add(put(message));
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
        ensureOwner();
        try {
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
        try {
            ensureOpen();
            maintain();
            RetryShelf.ClaimedFile retry = retries.claimDue(owner.claimFolder());
            if (retry != null) {
                return read(retry.path(), retry.name());
            }
            return claimOldestWaiting();
        } finally {
            lock.unlock();
        }
    }

    private Claim claimOldestWaiting() throws IOException {
        while (true) {
            String name;
            synchronized (candidates) {
                if (candidates.isEmpty()) {
                    candidates.addAll(listOldestWaiting());
                }
                name = candidates.poll();
            }
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
     * The oldest waiting names, with no gap in any one producer's sequence.
     *
     * <p>One listing is not enough: a directory read while entries are added may return some of
     * the new entries and miss others (ext4 returns entries in hash order), so it can hold a
     * producer's message and miss the one that producer put just before it. A second listing,
     * begun after the first one ended, holds every message that existed before the first one
     * ended, hence every predecessor of a name the first one found. So only the second
     * listing's names up to the youngest of the first are taken: among those, nothing is missing.
     */
    private List<String> listOldestWaiting() throws IOException {
        int limit = batchSize;
        List<String> first = DirectoryListing.smallest(directory.root, MessageNames::isMessage, limit);
        batchSize = first.size() == limit ? Math.min(limit * 2, MAX_BATCH_SIZE) : MIN_BATCH_SIZE;
        if (first.isEmpty()) {
            return first;
        }
        String youngest = first.get(first.size() - 1);
        return DirectoryListing.smallest(directory.root,
                name -> MessageNames.isMessage(name) && name.compareTo(youngest) <= 0, limit);
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
                        "not a regular file but " + describeType(attributes), claimed);
            }
            byte[] content = BoundedReader.read(claimed, attributes.size(), maxMessageSize, false);
            return new Claim(name, attempt, producer, timestamp, content, null, claimed);
        } catch (ClosedByInterruptException interrupted) {
            try {
                giveBack(claimed, name, attempt - 1);
            } catch (IOException e) {
                interrupted.addSuppressed(e);
                log.warn("Could not give back {} after an interrupt; it comes back once this consumer is gone", claimed, e);
            }
            throw interrupted;
        } catch (IOException e) {
            return new Claim(name, attempt, producer, timestamp, null, "unreadable: " + e, claimed);
        }
    }

    @Override
    public void acknowledge(Claim claim) throws IOException {
        Path claimed = heldPath(claim);
        if (!steps.delete(claimed)) {
            if (!Files.exists(claimed, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(claimed.toString(), null, "the claimed message is gone");
            }
            throw new IOException("Cannot delete the handled message " + claimed);
        }
        held.remove(claimed);
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
        deadLetters.put(claimed, claim.messageId(), claim.attempt(), owner.id(), reason);
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
            synchronized (candidates) {
                candidates.clear();
            }
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
                ChangeWaiter newWaiter = new ChangeWaiter(directory.root, false, MessageNames::isMessage, this::longestWaitNanos);
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

    /** Housekeeping that rides on claims: reclaiming dead consumers' messages, sweeping stale temporary files. */
    private void maintain() {
        long now = System.nanoTime();
        long reapDue = nextReapNanos.get();
        if (now - reapDue >= 0 && nextReapNanos.compareAndSet(reapDue, now + reclaimNanos)) {
            try {
                reclaimAbandoned();
            } catch (IOException e) {
                log.warn("Could not look for dead consumers' claims in {}", location, e);
            }
        }
        long sweepDue = nextSweepNanos.get();
        if (now - sweepDue >= 0 && nextSweepNanos.compareAndSet(sweepDue, now + sweeper.intervalNanos())) {
            sweeper.sweep();
        }
    }

    private long longestWaitNanos() {
        long wait = Math.min(pollNanos, Math.min(nextReapNanos.get() - System.nanoTime(), retries.nanosUntilNextScan()));
        return Math.max(MIN_WAIT_NANOS, wait);
    }

    private Path heldPath(Claim claim) throws IOException {
        if (!(claim.locator() instanceof Path claimed) || !held.contains(claimed)) {
            throw new NoSuchFileException(String.valueOf(claim.locator()), null,
                    "message " + claim.messageId() + " is not claimed by this consumer of " + location
                            + " (already settled, or released when the queue was closed)");
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
