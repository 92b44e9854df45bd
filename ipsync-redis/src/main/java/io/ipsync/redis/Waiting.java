package io.ipsync.redis;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Bounded waits for the futures Lettuce returns. */
final class Waiting {

    private Waiting() {
    }

    /**
     * Waits for the future at most {@code nanos}, going on through interrupts and setting the
     * thread's interrupt status again before returning: for settlements and bookkeeping, which
     * complete on an interrupted thread.
     */
    static <T> T uninterruptibly(Future<T> future, long nanos) throws ExecutionException, TimeoutException {
        boolean interrupted = false;
        long deadline = System.nanoTime() + nanos;
        try {
            while (true) {
                try {
                    return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
