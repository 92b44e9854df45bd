package io.ipsync.redis;

import io.ipsync.QueueOptions;
import io.ipsync.QueueStats;
import io.ipsync.spi.Claim;
import io.ipsync.spi.DeadLetterReason;
import io.ipsync.spi.DeadLetterStore;
import io.ipsync.spi.OutgoingMessage;
import io.ipsync.spi.QueueChannel;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A queue as a Redis stream read by one consumer group (see the package documentation for the
 * keys, fields and rules every participant follows).
 *
 * <h2>Life of a message</h2>
 * <ol>
 * <li><b>put</b>: {@code XADD {q}:stream * p <json> [h:<name> <value>...]}; never trimmed
 * ({@link MessagePuts}, also for messages put for later).
 * <li><b>claim</b>: in one step ({@code take.lua}), first the messages due for a retry, taken from
 * the schedule; then new ones, {@code XREADGROUP GROUP ipsync <consumer> ... >}, which puts them in
 * the group's pending list under this consumer with delivery count 1. Only when that finds none
 * does the consumer wait, with {@code XREADGROUP ... BLOCK} on a connection of its own. While a
 * backlog lasts, one step takes more than was asked for, and the following claims are served from
 * those without a round trip ({@link RedisSettings#prefetch()}).
 * <li><b>acknowledge</b>: {@code XACK} and {@code XDEL} in {@code acknowledge.lua}.
 * <li><b>retry later</b> / <b>release</b>: to the pseudo-consumer {@code ~scheduled} and into the
 * schedule ({@code give_back.lua}); a release sets the delivery count one back.
 * <li><b>dead-letter</b>: appended to {@code {q}:dead}, acknowledged and deleted
 * ({@code dead_letter.lua}).
 * <li><b>reclaim</b>: claims idle for three quarters of their holder's lease (which its name
 * declares) go to {@code ~scheduled}, due at once ({@code reclaim.lua}), swept by every consumer
 * each quarter lease while it claims or holds claims.
 * </ol>
 * The attempt of a claim is the entry's delivery count, kept by Redis with the group, so it
 * survives restarts of consumers and of the server (with {@code appendonly yes}).
 *
 * <h2>Liveness</h2>
 * While the channel is open, a daemon thread per server renews every quarter lease the claims it
 * holds ({@code renew.lua}), and sweeps meanwhile. A consumer that dies stops renewing; its claims
 * come back to others within the lease. After a gap in the sweeps (a server that paused), claims
 * are renewed on their holders' behalf rather than taken: one lease more for a dead consumer's.
 *
 * <p>Thread-safe: any number of threads may claim and settle through one channel.
 */
public final class RedisQueueChannel implements QueueChannel {

    private static final Logger log = LoggerFactory.getLogger(RedisQueueChannel.class);

    private final String location;

    private final ServerCalls calls;

    private final QueueScripts scripts;

    private final MessagePuts puts;

    private final NewMessageReader reader;

    private final RedisDeadLetterStore deadLetters;

    private final String consumer;

    private final HeldClaims held;

    private final QueueSettlements settlements;

    private final WakeSignal wakeUps = new WakeSignal();

    private final ChannelKeys keys;

    private final long maxMessageSize;

    private final Lease lease;

    private final AbandonedClaims abandoned;

    private final Prefetch prefetch;

    private final Runnable onClose;

    /** Claims hold it for reading, {@link #close()} for writing: close waits for claims in progress. */
    private final ReadWriteLock closeLock = new ReentrantReadWriteLock();

    private final Object consumingLock = new Object();

    /** Whether this channel consumes: its group exists and its renewals run. Guarded by {@link #consumingLock}. */
    private volatile boolean consuming;

    private volatile boolean closed;

    RedisQueueChannel(String location, ServerCalls calls, ChannelKeys keys, QueueOptions options, Runnable onClose) {
        this.location = location;
        this.calls = calls;
        this.keys = keys;
        this.lease = new Lease(calls.settings().leaseOr(options.reclaimInterval()));
        this.consumer = ConsumerNames.next(lease);
        this.scripts = new QueueScripts(calls, keys);
        this.puts = new MessagePuts(calls, keys, scripts);
        this.reader = new NewMessageReader(calls, keys, consumer);
        this.deadLetters = new RedisDeadLetterStore(calls, keys, scripts, options.maxMessageSize());
        this.held = new HeldClaims(location);
        this.prefetch = new Prefetch(held, calls.settings().prefetch());
        this.settlements = new QueueSettlements(scripts, held, prefetch, consumer, location);
        this.maxMessageSize = options.maxMessageSize();
        this.abandoned = new AbandonedClaims(scripts, lease, location);
        this.onClose = onClose;
    }

    @Override
    public String location() {
        return location;
    }

    ServerCalls calls() {
        return calls;
    }

    /**
     * The name of this channel's consumer in the queue's group (made on the first claim), ending in
     * {@code /L<lease in ms>}: the lease by which every sweeper judges its claims.
     */
    public String consumerName() {
        return consumer;
    }

    @Override
    public String put(byte[] json, Map<String, String> headers) throws IOException {
        return put(new OutgoingMessage(json, headers));
    }

    /** {@inheritDoc} See {@link MessagePuts} for how a message put for later waits. */
    @Override
    public String put(OutgoingMessage message) throws IOException {
        ensureOpen();
        return puts.put(message);
    }

    @Override
    public List<String> putAll(List<OutgoingMessage> messages) throws IOException {
        ensureOpen();
        return puts.putAll(messages);
    }

    @Override
    public Claim claim(long timeoutNanos) throws IOException, InterruptedException {
        List<Claim> claims = take(1, timeoutNanos);
        return claims.isEmpty() ? null : claims.get(0);
    }

    @Override
    public List<Claim> claimBatch(int maxMessages, long timeoutNanos) throws IOException, InterruptedException {
        if (maxMessages < 1) {
            throw new IllegalArgumentException("maxMessages must be at least 1 but was " + maxMessages);
        }
        return take(maxMessages, timeoutNanos);
    }

    /**
     * Takes up to {@code max} messages: due retries first, then new ones, waiting for the first
     * up to the timeout in slices that end for sweeps and for the next scheduled retry.
     */
    private List<Claim> take(int max, long timeoutNanos) throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("Interrupted before taking a message from " + location);
        }
        CompletableFuture<Void> wakeUp = wakeUps.current();
        Lock lock = closeLock.readLock();
        lock.lock();
        try {
            ensureOpen();
            startConsuming();
            long deadline = System.nanoTime() + Math.min(Math.max(0, timeoutNanos), Long.MAX_VALUE / 4);
            while (!wakeUp.isDone()) {
                if (Thread.interrupted()) { // set again by a step that completes regardless (a sweep, a reconnect)
                    throw new InterruptedException("Interrupted while taking a message from " + location);
                }
                Prefetch.HandOut ready = closed ? null : prefetch.handOut(max);
                if (ready != null && !ready.entries().isEmpty()) {
                    if (!ready.unrecorded().isEmpty()) {
                        scripts.handedOut(ready.unrecorded());
                    }
                    return claims(ready.entries());
                }
                boolean lightSweep = abandoned.lightSweepDue();
                if (!lightSweep) {
                    abandoned.reclaimIfDue();
                }
                int asked = prefetch.amountFor(max);
                QueueScripts.Taken taken = takeAtOnce(asked, max, lightSweep);
                List<QueueScripts.Entry> entries = new ArrayList<>(taken.entries());
                if (taken.swept()) {
                    abandoned.sweptByTake();
                } else if (lightSweep && entries.isEmpty() && abandoned.reclaimIfDue() > 0) {
                    continue; // messages of a dead consumer came back, due at once
                } // with messages in hand, a failing sweep must not lose them: it stays due (renewals sweep too)
                boolean interrupted = false;
                if (entries.isEmpty()) {
                    if (wakeUp.isDone()) {
                        break;
                    }
                    long blockMillis = blockMillis(deadline - System.nanoTime(), taken.nextDueMillis());
                    if (blockMillis > 0) {
                        ServerCalls.Blocked<List<QueueScripts.Entry>> read = reader.read(max, blockMillis, wakeUp);
                        entries.addAll(read.result());
                        interrupted = read.interrupted();
                    }
                }
                if (interrupted || Thread.interrupted()) {
                    settlements.giveBackUnseen(unseen(entries), "taken by an interrupted thread");
                    throw new InterruptedException("Interrupted while taking a message from " + location);
                }
                if (closed) { // close() began while the server answered: it gives back what is held, not what is handed out later
                    settlements.giveBackUnseen(unseen(entries), "taken while the queue was closing");
                    return List.of();
                }
                if (!entries.isEmpty()) {
                    List<QueueScripts.Entry> handedOut = prefetch.keepBeyond(max, asked, entries);
                    handedOut.forEach(entry -> held.add(Prefetch.held(entry)));
                    return claims(handedOut);
                }
                if (deadline - System.nanoTime() <= 0) {
                    break;
                }
            }
            return List.of();
        } finally {
            lock.unlock();
        }
    }

    private static List<HeldClaims.Held> unseen(List<QueueScripts.Entry> entries) {
        return entries.stream().map(Prefetch::held).toList();
    }

    /** Due retries, then new messages, without waiting; a group found gone is created again, and nothing taken. */
    private QueueScripts.Taken takeAtOnce(int asked, int handedOut, boolean sweepDue) throws IOException {
        try {
            return scripts.take(consumer, asked, handedOut, sweepDue);
        } catch (RedisReplyException e) {
            if (!e.errorCode().equals("NOGROUP")) {
                throw e;
            }
            reader.recreateGroup();
            return new QueueScripts.Taken(-1, false, List.of());
        }
    }

    /** How long the next read may block: within the timeout, the slice, the next sweep and the next due retry. */
    private long blockMillis(long remainingNanos, long nextDueMillis) {
        if (remainingNanos <= 0) {
            return 0;
        }
        long millis = Math.min(calls.settings().blockSlice().toMillis(), Math.max(1, remainingNanos / 1_000_000));
        millis = Math.min(millis, abandoned.millisUntilNextSweep());
        if (nextDueMillis >= 0) {
            millis = Math.min(millis, Math.max(1, nextDueMillis));
        }
        return millis;
    }

    /** The claims of entries this consumer holds. */
    private List<Claim> claims(List<QueueScripts.Entry> entries) {
        List<Claim> claims = new ArrayList<>(entries.size());
        for (QueueScripts.Entry entry : entries) {
            HeldClaims.Held claim = Prefetch.held(entry);
            MessageFields.Read read = MessageFields.decode(entry.fields(), maxMessageSize);
            claims.add(new Claim(entry.id(), entry.delivery(), null, StreamIds.time(entry.id()), read.content(),
                    read.unreadableReason(), read.headers(), claim));
        }
        return claims;
    }

    @Override
    public void acknowledge(Claim claim) throws IOException {
        settlements.acknowledge(claim);
    }

    @Override
    public void retryLater(Claim claim, Instant notBefore) throws IOException {
        settlements.retryLater(claim, notBefore);
    }

    @Override
    public void release(Claim claim) throws IOException {
        settlements.release(claim);
    }

    @Override
    public void deadLetter(Claim claim, DeadLetterReason reason) throws IOException {
        settlements.deadLetter(claim, reason);
    }

    @Override
    public int reclaimAbandoned() throws IOException {
        return abandoned.reclaimNow();
    }

    @Override
    public long size() throws IOException {
        QueueScripts.Counters counters = scripts.stats();
        return counters.waiting() + counters.scheduledRetries();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Waiting messages are the stream's entries less those pending in the group (handled ones
     * are deleted), so entries acknowledged without being deleted by a foreign consumer count as
     * waiting. Ages are measured by the server's clock from the time in the entry's id.
     */
    @Override
    public QueueStats stats() throws IOException {
        return scripts.stats().stats();
    }

    @Override
    public Set<String> headerValues(String name) throws IOException {
        ensureOpen();
        return new HeaderValueScan(calls, keys).valuesOf(name);
    }

    @Override
    public DeadLetterStore deadLetters() {
        return deadLetters;
    }

    @Override
    public void wakeUpWaiters() {
        wakeUps.wakeAll();
        // Asked to stop waiting (a listener paused or stopping): what was taken ahead goes back, rather
        // than stay held, renewed and out of other consumers' reach until this channel closes
        List<HeldClaims.Held> takenAhead = prefetch.drain().stream().map(Prefetch::held).filter(held::takeForSettling).toList();
        settlements.giveBackUnseen(takenAhead, "taken ahead by a consumer asked to stop waiting");
    }

    /**
     * Closes the channel: waits end, claims in progress finish and hand out nothing (what they took
     * when the server answered goes back as below), renewals stop, unsettled claims go
     * back due at once (their attempt not counted; if the server cannot be reached they come back
     * when their lease runs out), and the consumer leaves the group if it holds nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        wakeUps.wakeAll();
        Lock lock = closeLock.writeLock();
        lock.lock();
        try {
            held.stopRenewing();
            settlements.giveBackUnseen(held.drain(), "the queue was closed");
            prefetch.clear();
            if (consuming) {
                try {
                    scripts.forgetConsumer(consumer);
                } catch (IOException e) {
                    log.debug("Could not remove the consumer {} from {}", consumer, location, e);
                }
            }
        } finally {
            lock.unlock();
            onClose.run();
        }
    }

    /** On the first claim: makes sure the group exists and starts renewing this consumer's claims. */
    private void startConsuming() throws IOException {
        if (consuming) {
            return;
        }
        synchronized (consumingLock) {
            if (!consuming) {
                reader.ensureGroup();
                held.startRenewing(calls.link().renewals(), lease.renewEveryMillis(), claims -> {
                    List<String> lost = scripts.renew(consumer, claims);
                    abandoned.reclaimIfDueWhileHolding();
                    return lost;
                });
                consuming = true;
            }
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("The queue " + location + " is closed");
        }
    }

    @Override
    public String toString() {
        return "RedisQueueChannel[" + location + ", key " + keys.queue() + "]";
    }
}
