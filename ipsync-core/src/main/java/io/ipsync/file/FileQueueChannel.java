package io.ipsync.file;

import io.ipsync.QueueOptions;
import io.ipsync.QueueStats;
import io.ipsync.spi.Claim;
import io.ipsync.spi.DeadLetterReason;
import io.ipsync.spi.DeadLetterStore;
import io.ipsync.spi.OutgoingMessage;
import io.ipsync.spi.QueueChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A queue as a directory with one file per message, compatible with jk_interprocesssync's
 * {@code JSONDataQueue} (see {@link QueueDirectory} for the layout and {@link MessageNames} for
 * the names): the file transport's {@link QueueChannel}. Puts go through its
 * {@link MessageProducer}, claims and settlements through its {@link QueueConsumer}.
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

    private final QueueDirectory directory;

    private final String location;

    private final Clock clock;

    private final DiskSync diskSync;

    private final FileHeaders headers;

    private final RetryShelf retries;

    private final DeadLetterBox deadLetters;

    private final FileDeadLetterStore deadLetterStore;

    private final MessageProducer producer;

    private final ConsumerHousekeeping housekeeping;

    private final QueueConsumer consumer;

    private volatile boolean closed;

    private FileQueueChannel(Path root, QueueOptions options, FileSettings settings, FileModes modes, Clock clock,
            FileSteps steps) {
        this.directory = new QueueDirectory(root, settings.deadLetterDirectory(), modes);
        this.location = root.toString();
        this.clock = clock;
        this.diskSync = DiskSync.of(settings.syncWrites());
        long pollNanos = settings.pollInterval().toNanos();
        this.headers = new FileHeaders(directory, diskSync);
        MessageNamer namer = new MessageNamer();
        this.retries = new RetryShelf(directory.retries, clock, pollNanos, steps);
        this.deadLetters = new DeadLetterBox(directory, location, steps);
        this.deadLetterStore = new FileDeadLetterStore(directory, deadLetters, headers, namer, options.maxMessageSize(),
                steps);
        this.producer = new MessageProducer(directory, namer, headers, steps, diskSync);
        this.housekeeping = new ConsumerHousekeeping(location, new ClaimReaper(directory, deadLetters, retries, clock),
                retries, new StaleTempFileSweeper(directory, headers, settings.staleTempFileAge(), clock), pollNanos,
                options.reclaimInterval().toNanos());
        this.consumer = new QueueConsumer(directory, location, clock, steps, headers, deadLetters, retries,
                new WaitingNames(root, pollNanos), new ClaimedFileReader(options.maxMessageSize(), headers), housekeeping);
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
        Path root = QueueDirectory.prepareRoot(directory, settings);
        return new FileQueueChannel(root, options, settings, FileModes.of(settings.sharing()), Clock.systemUTC(), steps);
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
        return producer.put(json, headers);
    }

    @Override
    public List<String> putAll(List<OutgoingMessage> messages) throws IOException {
        List<String> names = new ArrayList<>(messages.size());
        for (OutgoingMessage message : messages) {
            names.add(put(message));
        }
        return names;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A delayed message waits in the retry folder, named as a retry with no attempts made, and
     * once due is taken as retries are: before the messages waiting. This channel's own consumers
     * look for it when it is due; those of other channels (other processes) within their poll
     * interval after, at their regular look into that folder. Python consumers never see it (they
     * see only the queue directory's top level). The folder is listed at each look: meant for
     * retries and a modest number of messages put for later, not for scheduling many thousands.
     */
    @Override
    public String put(OutgoingMessage message) throws IOException {
        ensureOpen();
        if (!message.isDelayed(clock.instant())) {
            return producer.put(message.json(), message.headers());
        }
        String name = producer.putLater(message.json(), message.headers(), message.notBefore());
        consumer.expect(message.notBefore());
        return name;
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
        return consumer.claim(timeoutNanos);
    }

    @Override
    public void acknowledge(Claim claim) throws IOException {
        consumer.acknowledge(claim);
    }

    @Override
    public void retryLater(Claim claim, Instant notBefore) throws IOException {
        consumer.retryLater(claim, notBefore);
    }

    @Override
    public void deadLetter(Claim claim, DeadLetterReason reason) throws IOException {
        consumer.deadLetter(claim, reason);
    }

    @Override
    public void release(Claim claim) throws IOException {
        consumer.release(claim);
    }

    @Override
    public int reclaimAbandoned() throws IOException {
        return housekeeping.reclaimAbandoned();
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
    public Set<String> headerValues(String name) throws IOException {
        return HeaderScan.valuesOf(directory, headers, name);
    }

    @Override
    public void wakeUpWaiters() {
        consumer.wakeUpWaiters();
    }

    /** Whether file-system notifications currently arrive for this queue (consumers only; producers never watch). */
    public boolean isWatching() {
        return consumer.isWatching();
    }

    /**
     * Closes the channel: waiters return, claims in progress finish, claims not settled go back to
     * the queue (their attempt not counted), and the consumer identity is given up.
     */
    @Override
    public void close() throws IOException {
        closed = true;
        consumer.close();
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("The queue " + location + " is closed");
        }
    }

    @Override
    public String toString() {
        return "FileQueueChannel[" + location + "]";
    }
}
