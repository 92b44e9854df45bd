package io.ipsync.contract;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Ends a wait running on another thread by a call that only ends waits already in progress. */
final class WaitEnder {

    private static final Duration AT_MOST = Duration.ofSeconds(30);

    private WaitEnder() {
    }

    /**
     * Calls {@code end} (a cancel, a wake-up) until {@code wait} returns, for at most half a minute:
     * the waiting thread may not yet be inside the wait when it said it was about to begin, and such
     * calls end only waits in progress.
     */
    static void repeatUntilDone(Runnable end, Future<?> wait) throws Exception {
        long deadline = System.nanoTime() + AT_MOST.toNanos();
        while (!wait.isDone() && System.nanoTime() < deadline) {
            end.run();
            try {
                wait.get(50, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillWaiting) {
                // end it again
            }
        }
    }
}
