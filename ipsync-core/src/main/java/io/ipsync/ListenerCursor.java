package io.ipsync;

import io.ipsync.internal.Durations;
import io.ipsync.spi.UnreadableValueException;
import io.ipsync.spi.Version;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * One listener's memory of the last version it saw, and the ways its waits end: what makes an
 * {@link Event} and a {@link JsonDataEvent} object each a listener of its own.
 *
 * <p>A wait returns a change only if it moves the memory from the version it started from to
 * the new one (a compare-and-set), so of several threads waiting on one object exactly one wakes
 * per change: the auto-reset. {@link #cancel()} ends the waits in progress, {@link #close()} all
 * waits for good. Thread-safe.
 */
final class ListenerCursor {

    /**
     * One look at the channel: the first change after {@code seen}, or {@code null} when the time
     * ran out, waiters were woken or {@code stopWaiting} holds.
     */
    @FunctionalInterface
    interface ChangeWait<T> {

        T awaitChange(Version seen, long timeoutNanos, BooleanSupplier stopWaiting) throws IOException, InterruptedException;
    }

    private final String description;

    private final AtomicReference<Version> lastSeen = new AtomicReference<>();

    private final AtomicLong cancellations = new AtomicLong();

    private volatile boolean closed;

    /** @param description the channel as error messages name it, e.g. {@code event /dev/shm/reload} */
    ListenerCursor(String description) {
        this.description = description;
    }

    /** Counts a version as seen already, so that only later changes wake (fire-on-init off). */
    void markSeen(Version version) {
        lastSeen.set(version);
    }

    /**
     * Waits for a change not seen yet, at most the timeout.
     *
     * @param versionOf the version of what {@code wait} returns
     * @return the change, or empty on timeout, {@link #cancel()} or {@link #close()}
     * @throws IpsyncException naming the channel when it cannot be read; a change that cannot be
     *     read ({@link UnreadableValueException}) counts as seen first, so the next wait waits
     *     for the next change
     */
    <T> Optional<T> await(Duration timeout, ChangeWait<T> wait, Function<T, Version> versionOf)
            throws InterruptedException {
        Durations.requireNotNegative(timeout, "timeout");
        ensureOpen();
        if (Thread.interrupted()) {
            throw new InterruptedException("Interrupted before waiting on the " + description);
        }
        long cancellationsAtStart = cancellations.get();
        // Asked by the channel itself: a cancel that comes before the channel's wait begins still ends it.
        BooleanSupplier ended = () -> closed || cancellations.get() != cancellationsAtStart;
        long deadline = System.nanoTime() + Math.min(Durations.toNanosSaturated(timeout), Long.MAX_VALUE / 2);
        while (true) {
            Version seen = lastSeen.get();
            T change;
            try {
                change = wait.awaitChange(seen, deadline - System.nanoTime(), ended);
            } catch (ClosedByInterruptException e) {
                Thread.interrupted();
                InterruptedException interrupted = new InterruptedException("Interrupted while reading the " + description);
                interrupted.initCause(e);
                throw interrupted;
            } catch (UnreadableValueException e) {
                if (lastSeen.compareAndSet(seen, e.version())) {
                    throw new IpsyncException(e.getMessage(), e);
                }
                continue;
            } catch (IOException e) {
                throw new IpsyncException("Cannot read the " + description + ": " + e, e);
            }
            if (change != null && lastSeen.compareAndSet(seen, versionOf.apply(change))) {
                return Optional.of(change);
            }
            if (ended.getAsBoolean() || deadline - System.nanoTime() <= 0) {
                return Optional.empty();
            }
        }
    }

    /** Ends the waits in progress; the caller also wakes the channel's waiters. */
    void cancel() {
        cancellations.incrementAndGet();
    }

    /** Ends every wait, now and later. */
    void close() {
        closed = true;
        cancel();
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The " + description + " is closed");
        }
    }
}
