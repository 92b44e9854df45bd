package io.ipsync;

import io.ipsync.spi.QueueChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Holds puts back while a queue's backlog is at its {@link QueueOptions#maxBacklog() bound}. The
 * count ({@link QueueChannel#size()}, which lists a file queue's directory) is refreshed when it is
 * older than {@value QueueOptions#BACKLOG_RECOUNT_MILLIS} ms or when the puts made since, added
 * to it, would reach the bound; in between, this producer's own puts are added to it. So the bound
 * costs a count now and then, not one per put, and producers together may pass it by what the
 * others put within that time. Thread-safe.
 */
final class BacklogLimit {

    private static final long RECOUNT_NANOS = TimeUnit.MILLISECONDS.toNanos(QueueOptions.BACKLOG_RECOUNT_MILLIS);

    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final QueueChannel channel;

    private final long max;

    private final Duration timeout;

    private final Object lock = new Object();

    /** The last count; -1 before the first. Guarded by {@link #lock}. */
    private long counted = -1;

    private long countedAtNanos;

    /** Messages this producer put since the last count. */
    private long putSince;

    BacklogLimit(QueueChannel channel, QueueOptions options) {
        this.channel = channel;
        this.max = options.maxBacklog();
        this.timeout = options.putTimeout();
    }

    /**
     * Returns once {@code count} more messages fit under the bound, counting them as put.
     *
     * @throws QueueFullException when they do not fit within the put timeout, or the thread is
     *     interrupted while it waits (its interrupt status is kept)
     */
    void reserve(int count) throws IOException {
        if (max == QueueOptions.UNBOUNDED) {
            return;
        }
        if (count > max) {
            throw new QueueFullException("Cannot put " + count + " messages on the queue " + channel.location()
                    + " at once: more than its maximum backlog of " + max + " (QueueOptions.maxBacklog)");
        }
        long deadline = System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
        long pauseNanos = TimeUnit.MILLISECONDS.toNanos(1);
        while (true) {
            long backlog = tryReserve(count);
            if (backlog < 0) {
                return;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new QueueFullException("The queue " + channel.location() + " is full: " + backlog
                        + " messages wait, its maximum backlog is " + max + " (QueueOptions.maxBacklog), and no room came"
                        + (timeout.isZero() ? "" : " within " + timeout) + " (QueueOptions.putTimeout)");
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(pauseNanos, remaining));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new QueueFullException("Interrupted while waiting for room in the full queue " + channel.location()
                        + " (" + backlog + " messages wait, its maximum backlog is " + max + ")");
            }
            pauseNanos = Math.min(pauseNanos * 2, LONGEST_PAUSE_NANOS);
        }
    }

    /** Counts the messages as put and returns -1 when they fit; else returns the backlog that stops them. */
    private long tryReserve(int count) throws IOException {
        synchronized (lock) {
            long now = System.nanoTime();
            if (counted < 0 || now - countedAtNanos > RECOUNT_NANOS || counted + putSince + count > max) {
                counted = channel.size();
                countedAtNanos = now;
                putSince = 0;
            }
            if (counted + putSince + count > max) {
                return counted + putSince;
            }
            putSince += count;
            return -1;
        }
    }
}
