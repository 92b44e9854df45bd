package io.ipsync.redis;

import java.util.concurrent.CompletableFuture;

/**
 * Ends the waits in progress on one channel: each wait takes the current signal when it begins and
 * ends when that signal completes ({@link #wakeAll()}); waits that begin afterwards take a new one.
 *
 * <p>Thread-safe.
 */
final class WakeSignal {

    private CompletableFuture<Void> current = new CompletableFuture<>();

    /** The signal a wait beginning now ends on. */
    synchronized CompletableFuture<Void> current() {
        return current;
    }

    /** Ends every wait in progress. */
    void wakeAll() {
        CompletableFuture<Void> ending;
        synchronized (this) {
            ending = current;
            current = new CompletableFuture<>();
        }
        ending.complete(null);
    }
}
