package io.ipsync.file.journal;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes the consumers of a journal in this JVM when a message is put or given back here: one per
 * journal per JVM, shared by its channels. A sleeping consumer registers how to wake it (unpark its
 * thread, or wake the selector it waits in); a put costs one read of an empty set when nobody
 * sleeps. Consumers in other processes are rung through their {@link SocketBell}.
 */
final class Doorbell {

    private static final Map<Path, Doorbell> BELLS = new ConcurrentHashMap<>();

    private final Set<Runnable> sleepers = ConcurrentHashMap.newKeySet();

    static Doorbell of(Path journal) {
        return BELLS.computeIfAbsent(journal, key -> new Doorbell());
    }

    void sleep(Runnable waker) {
        sleepers.add(waker);
    }

    void awake(Runnable waker) {
        sleepers.remove(waker);
    }

    void ring() {
        if (!sleepers.isEmpty()) {
            for (Runnable sleeper : sleepers) {
                sleeper.run();
            }
        }
    }
}
