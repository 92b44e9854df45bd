package io.ipsync.file.journal;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes the consumers of a journal in this JVM when a message is put here: one per journal per
 * JVM, shared by its channels. A put costs one read of an empty set when nobody sleeps. Consumers
 * in other processes are not rung: they sleep in short timed parks that lengthen up to
 * {@link #MAX_SLEEP_NANOS} while the queue stays empty, so an idle consumer costs a wake-up every
 * few milliseconds, and a message put by another process is seen within that time.
 */
final class Doorbell {

    /** The longest a sleeping consumer waits before it looks again by itself. */
    static final long MAX_SLEEP_NANOS = 5_000_000;

    private static final Map<Path, Doorbell> BELLS = new ConcurrentHashMap<>();

    private final Set<Thread> sleepers = ConcurrentHashMap.newKeySet();

    static Doorbell of(Path journal) {
        return BELLS.computeIfAbsent(journal, key -> new Doorbell());
    }

    void sleep(Thread thread) {
        sleepers.add(thread);
    }

    void awake(Thread thread) {
        sleepers.remove(thread);
    }

    void ring() {
        if (!sleepers.isEmpty()) {
            for (Thread sleeper : sleepers) {
                LockSupport.unpark(sleeper);
            }
        }
    }
}
