package io.ipsync.file;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A count of "something may have changed" notices that threads can wait on without missing one.
 *
 * <p>A waiter reads {@link #current()} <em>before</em> it looks at the file system, and then
 * waits for the count to move past that value: a notice that arrives between the look and the
 * wait is therefore never lost. Thread-safe.
 */
final class ChangeCounter {

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition changed = lock.newCondition();

    private long count;

    long current() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    /** Records a notice and wakes every waiter. Cheap: called from the watcher's thread. */
    void increment() {
        lock.lock();
        try {
            count++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Wakes every waiter without counting a change: those whose {@code stopWaiting} condition
     * now holds return.
     */
    void wakeWaiters() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the count differs from {@code seen}, the timeout passes, or
     * {@code stopWaiting} holds (checked before waiting and at every wake-up, such as
     * {@link #wakeWaiters()}).
     *
     * @return whether the count changed
     */
    boolean awaitChange(long seen, long timeoutNanos, BooleanSupplier stopWaiting) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long remaining = timeoutNanos;
            while (count == seen && !stopWaiting.getAsBoolean()) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = changed.awaitNanos(remaining);
            }
            return count != seen;
        } finally {
            lock.unlock();
        }
    }
}
