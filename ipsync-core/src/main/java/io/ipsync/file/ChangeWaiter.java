package io.ipsync.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Waits for a condition on the file system: re-checks it when a notification says the directory
 * changed, and at the latest after the poll interval, so a missed notification delays a wake-up
 * but never loses it.
 *
 * <p>Notifications are taken by the waiting threads themselves, and by every look
 * ({@link DirectoryWatcher}).
 *
 * <p>Thread-safe; any number of threads may wait at once.
 */
final class ChangeWaiter implements Closeable {

    private final ChangeCounter changes = new ChangeCounter();

    private final AtomicLong wakeUps = new AtomicLong();

    private final DirectoryWatcher watcher = DirectoryWatcher.shared();

    private final DirectoryWatcher.Registration registration;

    private final LongSupplier pollNanos;

    /**
     * @param directory the directory whose entries matter
     * @param interest what happens to entries that matters
     * @param names which entries matter
     * @param pollNanos the longest time to wait without a notification before re-checking
     */
    ChangeWaiter(Path directory, WatchInterest interest, Predicate<String> names, LongSupplier pollNanos) {
        this.pollNanos = pollNanos;
        this.registration = watcher.register(directory, interest, names, changes::increment);
    }

    /**
     * Like {@link #ChangeWaiter(Path, WatchInterest, Predicate, LongSupplier)} for entries renamed
     * into the directory only (a queue directory: every writer renames its messages into place),
     * and tells {@code alsoTell} what it hears before it wakes the waiters, so that a waiter woken
     * by a notification finds its names there.
     */
    ChangeWaiter(Path directory, Predicate<String> names, LongSupplier pollNanos, DirectoryWatcher.Listener alsoTell) {
        this.pollNanos = pollNanos;
        this.registration = watcher.register(directory, WatchInterest.RENAMED_IN, names, new DirectoryWatcher.Listener() {
            @Override
            public void changed(List<String> changedNames) {
                alsoTell.changed(changedNames);
                changes.increment();
            }

            @Override
            public void lost() {
                alsoTell.lost();
                changes.increment();
            }
        });
    }

    /**
     * Returns the first non-null result of {@code check}, re-checking after each notification and
     * each poll interval; {@code null} when the timeout passes or {@link #wakeUpWaiters()} is
     * called first.
     */
    <T> T await(IoSupplier<T> check, long timeoutNanos) throws IOException, InterruptedException {
        return await(check, timeoutNanos, () -> false);
    }

    /**
     * As {@link #await(IoSupplier, long)}, returning {@code null} also as soon as
     * {@code stopWaiting} holds. It is asked after each look at the change count, so a caller that
     * makes it hold and then calls {@link #wakeUpWaiters()} ends this wait whenever it began: if
     * the wait began after the wake-up, it sees the condition; if before, the wake-up moves the
     * count it waits on.
     */
    <T> T await(IoSupplier<T> check, long timeoutNanos, BooleanSupplier stopWaiting)
            throws IOException, InterruptedException {
        long wakeUpsAtStart = wakeUps.get();
        long deadline = System.nanoTime() + Math.max(0, Math.min(timeoutNanos, Long.MAX_VALUE / 2));
        while (true) {
            watcher.deliverPending();
            long seen = changes.current();
            T result = check.get();
            if (result != null) {
                return result;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0 || wakeUps.get() != wakeUpsAtStart || stopWaiting.getAsBoolean()) {
                return null;
            }
            if (!watcher.awaitChange(changes, seen, Math.min(remaining, pollNanos.getAsLong()))) {
                registration.renew();
            }
        }
    }

    /** Counts as a change: every waiter re-checks now. */
    void changed() {
        changes.increment();
        watcher.nudge(changes);
    }

    /** Makes every {@link #await} in progress return {@code null} promptly. */
    void wakeUpWaiters() {
        wakeUps.incrementAndGet();
        changes.increment();
        watcher.nudge(changes);
    }

    /** Whether file-system notifications currently arrive. */
    boolean isWatching() {
        return registration.isActive();
    }

    @Override
    public void close() {
        wakeUpWaiters();
        registration.close();
    }
}
