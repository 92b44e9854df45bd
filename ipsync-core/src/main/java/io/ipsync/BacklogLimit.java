package io.ipsync;

import io.ipsync.internal.Durations;
import io.ipsync.spi.QueueChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds puts back while a queue's backlog is at its {@link QueueOptions#maxBacklog() bound}.
 *
 * <p>The count ({@link QueueChannel#size()}: a listing of a file queue's directory, a round trip to
 * a server) is refreshed when this producer's puts since the last count could reach the bound, and
 * when it is older than {@value #RECOUNT_MILLIS_NEAR_FULL} ms while less than a tenth of the bound
 * is free ({@value #RECOUNT_MILLIS} ms otherwise): so the bound costs a count now and then, not one
 * per put, and producers together may pass it by what the others put within that time. One thread
 * counts at a time, outside the lock that the others take to reserve; they wait for its count
 * within their own timeout. Thread-safe.
 */
final class BacklogLimit {

    static final long RECOUNT_MILLIS = 500;

    static final long RECOUNT_MILLIS_NEAR_FULL = 50;

    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final QueueChannel channel;

    private final long max;

    private final Duration timeout;

    /** Held to count; a thread that cannot take it within its time left does not count itself. */
    private final ReentrantLock counting = new ReentrantLock();

    private final Object lock = new Object();

    /** The last count; -1 before the first. Guarded by {@link #lock}. */
    private long counted = -1;

    private long countedAtNanos;

    /** Messages this producer put since the last count. Guarded by {@link #lock}. */
    private long putSince;

    BacklogLimit(QueueChannel channel, QueueOptions options) {
        this.channel = channel;
        this.max = options.maxBacklog();
        this.timeout = options.putTimeout();
    }

    /**
     * Returns once {@code count} more messages fit under the bound, counting them as put.
     *
     * @throws QueueFullException when they do not fit within the put timeout
     * @throws IpsyncException when the thread is interrupted while it waits (its interrupt status is kept)
     */
    void reserve(int count) throws IOException {
        if (max == QueueOptions.UNBOUNDED) {
            return;
        }
        if (count > max) {
            throw new QueueFullException("Cannot put " + count + " messages on the queue " + channel.location()
                    + " at once: more than its maximum backlog of " + max + " (QueueOptions.maxBacklog)");
        }
        long deadline = System.nanoTime() + Math.min(Durations.toNanosSaturated(timeout), Long.MAX_VALUE / 4);
        long pauseNanos = TimeUnit.MILLISECONDS.toNanos(1);
        try {
            while (true) {
                long backlog = tryReserve(count, deadline);
                if (backlog < 0) {
                    return;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new QueueFullException("The queue " + channel.location() + " is full: " + backlog
                            + " messages wait, its maximum backlog is " + max + " (QueueOptions.maxBacklog), and no room came"
                            + (timeout.isZero() ? "" : " within " + timeout) + " (QueueOptions.putTimeout)");
                }
                TimeUnit.NANOSECONDS.sleep(Math.min(pauseNanos, remaining));
                pauseNanos = Math.min(pauseNanos * 2, LONGEST_PAUSE_NANOS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpsyncException("Interrupted while waiting for room in the full queue " + channel.location()
                    + " (its maximum backlog is " + max + "); nothing was put", e);
        }
    }

    /** Counts the messages as put and returns -1 when they fit; else returns the backlog that stops them. */
    private long tryReserve(int count, long deadline) throws IOException, InterruptedException {
        synchronized (lock) {
            if (fits(count) && !stale()) {
                putSince += count;
                return -1;
            }
        }
        if (counting.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            try {
                long fresh = channel.size();
                synchronized (lock) {
                    counted = fresh;
                    countedAtNanos = System.nanoTime();
                    putSince = 0;
                }
            } finally {
                counting.unlock();
            }
        }
        synchronized (lock) {
            if (counted >= 0 && fits(count)) {
                putSince += count;
                return -1;
            }
            return Math.max(counted, 0) + putSince;
        }
    }

    /** Guarded by {@link #lock}. */
    private boolean fits(int count) {
        return counted >= 0 && counted + putSince + count <= max;
    }

    /** Guarded by {@link #lock}. */
    private boolean stale() {
        long free = max - counted - putSince;
        long ageLimitMillis = free < max / 10 ? RECOUNT_MILLIS_NEAR_FULL : RECOUNT_MILLIS;
        return System.nanoTime() - countedAtNanos > TimeUnit.MILLISECONDS.toNanos(ageLimitMillis);
    }
}
