package io.ipsync.file.journal;

import static io.ipsync.file.journal.JournalFormat.CLAIMED;
import static io.ipsync.file.journal.JournalFormat.FRAME_HEADER;
import static io.ipsync.file.journal.JournalFormat.MAIN_LOW_WATER_AT;
import static io.ipsync.file.journal.JournalFormat.MAIN_TAIL_AT;
import static io.ipsync.file.journal.JournalFormat.MAX_ENCODED_HEADERS;
import static io.ipsync.file.journal.JournalFormat.RETRY_LOW_WATER_AT;
import static io.ipsync.file.journal.JournalFormat.RETRY_TAIL_AT;

import io.ipsync.MessageTooLargeException;
import io.ipsync.QueueOptions;
import io.ipsync.QueueStats;
import io.ipsync.file.FileSettings;
import io.ipsync.file.JournalHost;
import io.ipsync.spi.Claim;
import io.ipsync.spi.DeadLetterReason;
import io.ipsync.spi.DeadLetterStore;
import io.ipsync.spi.OutgoingMessage;
import io.ipsync.spi.QueueChannel;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A queue of the {@code journal} layout: messages in memory-mapped segment files in the folder
 * {@code journal} of the queue directory, for large amounts of data between Java processes on one
 * host. The format, guarantees and limits are in {@code docs/journal.md}; the protocol is told
 * where it lives: appending in {@link Chain}, taking in {@link Claimer}, settling in
 * {@link Settler}, liveness in {@link Participants} and {@link SlotLocks}, taking back a dead
 * consumer's messages in {@link Reaper}.
 *
 * <p>Each open channel holds one slot of the journal (up to 256 at once) for as long as it is
 * open. Thread-safe.
 */
public final class JournalQueueChannel implements QueueChannel {

    private final String location;

    private final Meta meta;

    private final Chain main;

    private final Chain retry;

    private final Claimer claimer;

    private final Settler settler;

    private final Participants participants;

    private final Doorbell doorbell;

    private final JournalBell bell;

    private final JournalIdleWait idle;

    private final DeadLetterStore deadLetters;

    private final JournalHost host;

    private final FileSettings settings;

    private final int slot;

    private final long owned;

    private final long reclaimNanos;

    private final Set<JournalRef> unsettled = ConcurrentHashMap.newKeySet();

    private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();

    private final AtomicInteger wakeUps = new AtomicInteger();

    private final AtomicInteger acksSinceSweep = new AtomicInteger();

    private volatile long nextHousekeeping;

    private volatile boolean closed;

    private JournalQueueChannel(JournalHost host, Path folder, Meta meta, QueueOptions options, FileSettings settings)
            throws IOException {
        this.host = host;
        this.settings = settings;
        this.location = host.root().toString();
        this.meta = meta;
        this.main = new Chain("main", new Segments(host, folder, "main", meta.segmentSize), meta, MAIN_TAIL_AT,
                MAIN_LOW_WATER_AT);
        this.retry = new Chain("retry", new Segments(host, folder, "retry", meta.segmentSize), meta, RETRY_TAIL_AT,
                RETRY_LOW_WATER_AT);
        long maxFrame = FRAME_HEADER + (long) MAX_ENCODED_HEADERS + options.maxMessageSize();
        if (maxFrame > main.maxFrame()) {
            throw new IllegalArgumentException("The journal queue " + location + " has segments of " + meta.segmentSize
                    + " bytes, which cannot hold a message of the maximum size of " + options.maxMessageSize()
                    + " bytes with its headers: lower maxMessageSize to at most "
                    + (main.maxFrame() - FRAME_HEADER - MAX_ENCODED_HEADERS) + " (segments are sized when a queue is"
                    + " created: journalSegmentSize)");
        }
        this.reclaimNanos = options.reclaimInterval().toNanos();
        this.claimer = new Claimer(main, retry, new RetryIndex(retry), meta, options.maxMessageSize(), reclaimNanos);
        this.settler = new Settler(main, retry, host, folder, location);
        SlotLocks locks = SlotLocks.of(folder.resolve("lock"));
        this.participants = new Participants(meta, locks, new Reaper(main, retry, meta, host), location);
        this.doorbell = Doorbell.of(folder);
        this.deadLetters = new JournalDeadLetters(host.deadLetterFiles(main.maxFrame()), this);
        long joined = participants.join();
        this.slot = (int) (joined >>> 32);
        this.owned = JournalFormat.owned(CLAIMED, slot, (int) joined);
        this.bell = JournalBells.open(folder, meta, slot, locks);
        this.idle = new JournalIdleWait(bell, doorbell, claimer, reclaimNanos);
    }

    /**
     * Opens (creating it where there is none) the journal queue in {@code directory}.
     *
     * @throws JournalCorruptException naming the file when the journal's files are not what ipsync wrote
     * @throws IllegalArgumentException when the queue's segments cannot hold a message of the maximum size
     */
    public static JournalQueueChannel open(Path directory, QueueOptions options, FileSettings settings)
            throws IOException {
        JournalFolder folder = JournalFolder.prepare(directory, settings);
        return new JournalQueueChannel(folder.host(), folder.path(), folder.meta(), options, settings);
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public String put(byte[] json, Map<String, String> headers) throws IOException {
        ensureOpen();
        byte[] encoded = Frames.encodeHeaders(headers);
        checkFits(json, encoded);
        awaitRoom(FRAME_HEADER + encoded.length + json.length);
        long position = main.append(encoded, json, -1, 0, 0, 0, Frames.nowMicros());
        doorbell.ring();
        bell.ring();
        return Frames.id(position);
    }

    @Override
    public List<String> putAll(List<OutgoingMessage> messages) throws IOException {
        for (OutgoingMessage message : messages) {
            checkFits(message.json(), Frames.encodeHeaders(message.headers()));
        }
        List<String> ids = new ArrayList<>(messages.size());
        for (OutgoingMessage message : messages) {
            ids.add(put(message));
        }
        return ids;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A delayed message is appended to the retry chain, due at its time with no attempt made, as
     * a retry is: consumers take it once due, as attempt 1, before the main chain's messages. Its
     * id is marked as one put for later, and is none of the main chain's.
     */
    @Override
    public String put(OutgoingMessage message) throws IOException {
        if (!message.isDelayed(Instant.now())) {
            return put(message.json(), message.headers());
        }
        ensureOpen();
        byte[] encoded = Frames.encodeHeaders(message.headers());
        checkFits(message.json(), encoded);
        awaitRoom(FRAME_HEADER + encoded.length + message.json().length);
        long position = retry.append(encoded, message.json(), Chain.OWN_PUT_FOR_LATER, 0,
                message.notBefore().toEpochMilli(), 0, Frames.nowMicros());
        doorbell.ring();
        bell.ring();
        return Frames.id(position | Chain.PUT_FOR_LATER_BIT);
    }

    private void checkFits(byte[] json, byte[] headers) throws MessageTooLargeException {
        if (FRAME_HEADER + (long) headers.length + json.length > main.maxFrame()) {
            throw new MessageTooLargeException("A message of " + json.length + " bytes does not fit a segment of the"
                    + " journal queue " + location + ": the maximum is " + (main.maxFrame() - FRAME_HEADER - headers.length)
                    + " bytes with these headers");
        }
    }

    private void awaitRoom(long bytes) throws IOException {
        long bound = settings.journalMaxBacklog();
        if (main.backlog() + retry.backlog() + bytes <= bound) {
            return;
        }
        long deadline = System.nanoTime() + settings.journalFullTimeout().toNanos();
        while (true) {
            main.advanceLowWater(100_000);
            retry.advanceLowWater(100_000);
            long backlog = main.backlog() + retry.backlog();
            if (backlog + bytes <= bound) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new JournalFullException("The journal queue " + location + " holds " + backlog + " bytes of"
                        + " messages not yet settled, and " + bytes + " more would pass its bound of " + bound
                        + " bytes (journalMaxBacklog); no room came within " + settings.journalFullTimeout()
                        + " (journalFullTimeout): are its consumers running?");
            }
            LockSupport.parkNanos(this, 1_000_000);
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("Interrupted while waiting for room in the full journal queue " + location);
            }
        }
    }

    @Override
    public Claim claim(long timeoutNanos) throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        closing.readLock().lock();
        try {
            ensureOpen();
            return awaitClaim(timeoutNanos);
        } catch (InternalError fault) {
            throw mappedAccessFault(fault);
        } finally {
            closing.readLock().unlock();
        }
    }

    /**
     * What a fault in a memory-mapped access means here: the JVM turns the SIGBUS of reading a
     * mapped segment past the end of its file (truncated by something other than ipsync after it
     * was mapped) into an {@link InternalError}; a corrupt journal, named, rather than an error that
     * would end the consumer's thread. The sizes checked before mapping cannot see a truncation
     * that comes later.
     */
    private JournalCorruptException mappedAccessFault(InternalError fault) {
        JournalCorruptException corrupt = new JournalCorruptException(Path.of(location).resolve("journal"),
                "a segment was truncated while it was mapped (the JVM reported a fault in a memory-mapped access: "
                        + fault.getMessage() + "); its files were changed by something other than ipsync");
        corrupt.initCause(fault);
        return corrupt;
    }

    private Claim awaitClaim(long timeoutNanos) throws IOException, InterruptedException {
        long start = System.nanoTime();
        int wakeUp = wakeUps.get();
        JournalIdleWait.Wait wait = idle.new Wait();
        while (true) {
            housekeeping();
            Claim claim = claimer.claim(owned);
            if (claim != null) {
                unsettled.add((JournalRef) claim.locator());
                wait.claimed();
                return claim;
            }
            long left = timeoutNanos - (System.nanoTime() - start);
            if (left <= 0 || closed || wakeUps.get() != wakeUp) {
                return null;
            }
            wait.pause(left, () -> closed || wakeUps.get() != wakeUp);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private void housekeeping() throws IOException {
        long now = System.nanoTime();
        if (now - nextHousekeeping < 0) {
            return;
        }
        nextHousekeeping = now + reclaimNanos;
        participants.reapDead();
        main.advanceLowWater(1_000_000);
        retry.advanceLowWater(1_000_000);
    }

    @Override
    public void acknowledge(Claim claim) throws IOException {
        settler.acknowledge(claim);
        unsettled.remove((JournalRef) claim.locator());
        if (acksSinceSweep.incrementAndGet() >= 1024) {
            acksSinceSweep.set(0);
            main.advanceLowWater(4096);
        }
    }

    @Override
    public void retryLater(Claim claim, Instant notBefore) throws IOException {
        settler.giveBack(claim, notBefore.toEpochMilli(), claim.attempt());
        unsettled.remove((JournalRef) claim.locator());
        doorbell.ring();
        bell.ring();
    }

    @Override
    public void deadLetter(Claim claim, DeadLetterReason reason) throws IOException {
        settler.deadLetter(claim, reason, "journal slot " + slot + " of pid " + ProcessHandle.current().pid());
        unsettled.remove((JournalRef) claim.locator());
    }

    @Override
    public void release(Claim claim) throws IOException {
        settler.giveBack(claim, System.currentTimeMillis(), -1);
        unsettled.remove((JournalRef) claim.locator());
        doorbell.ring();
        bell.ring();
    }

    @Override
    public int reclaimAbandoned() throws IOException {
        return participants.reapDead();
    }

    @Override
    public long size() throws IOException {
        QueueStats stats = stats();
        return stats.waiting() + stats.scheduledRetries();
    }

    @Override
    public QueueStats stats() throws IOException {
        return JournalStats.of(main, retry, host).stats();
    }

    /** What {@code ipsync stat} shows of a journal: segments, bytes, and message files dropped in by mistake. */
    public JournalStats journalStats() throws IOException {
        return JournalStats.of(main, retry, host);
    }

    @Override
    public DeadLetterStore deadLetters() {
        return deadLetters;
    }

    @Override
    public Set<String> headerValues(String name) throws IOException {
        return JournalStats.headerValues(main, retry, deadLetters, name);
    }

    @Override
    public void wakeUpWaiters() {
        wakeUps.incrementAndGet();
        doorbell.ring();
    }

    /**
     * Closes the channel: waits end, claims in progress finish, messages claimed through it and
     * not settled go back (due at once, the attempt not counted), and its slot is given up.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        wakeUpWaiters();
        closing.writeLock().lock();
        try {
            for (JournalRef ref : List.copyOf(unsettled)) {
                try {
                    settler.giveBack(ref, "at " + ref.position(), System.currentTimeMillis(), -1);
                } catch (io.ipsync.spi.ClaimLostException settledMeanwhile) {
                    // nothing to give back
                }
            }
            unsettled.clear();
            bell.close();
            participants.leave(slot);
        } finally {
            closing.writeLock().unlock();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("The queue " + location + " is closed");
        }
    }

    /** The kind of doorbell this channel's consumers sleep on: {@code socket} or {@code futex}. */
    String bellKind() {
        return bell.kind();
    }

    @Override
    public String toString() {
        return "JournalQueueChannel[" + location + ", slot " + slot + "]";
    }
}
