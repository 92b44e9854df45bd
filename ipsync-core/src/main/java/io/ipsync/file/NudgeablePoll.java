package io.ipsync.file;

import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

/**
 * The leader's blocking wait on the watch service, and the one way to end it early: a
 * {@linkplain #nudge nudge}, an interrupt that the waiting thread tells apart from its owner's.
 * A thread blocked in {@link WatchService#poll(long, TimeUnit)} hears nothing else: when the
 * counter it waits for moves by something other than a notification (a stop, a message given
 * back), the thread that moved it nudges it.
 *
 * <p>Invariant: an interrupt is sent only while a thread is between the start and the end of
 * {@link #poll}, at most once per poll, and that poll uses it up: the poll ends as nudged and
 * the interrupt status it leaves is the owner's alone. (An owner's interrupt that lands in the
 * same poll as a nudge cannot be told from it: the poll then ends as nudged and the interrupt
 * status is cleared. Stops, the usual source of both, also end the owner's loop by a flag.)
 *
 * <p>Thread-safe. One thread polls at a time (the leader, see {@link DirectoryWatcher}).
 */
final class NudgeablePoll {

    private final Object lock = new Object();

    /** The thread in {@link #poll}, or null; guarded by {@link #lock}. */
    private Thread polling;

    /** The counter {@link #polling} waits to see move; guarded by {@link #lock}. */
    private ChangeCounter pollingFor;

    /** Whether {@link #polling} was interrupted by {@link #nudge}, not by its owner; guarded by {@link #lock}. */
    private boolean nudged;

    /**
     * Waits on {@code service} for a key, or until nudged for {@code counter} (then
     * {@code null}). An interrupt that is no nudge is the owner's, and ends the wait with an
     * {@link InterruptedException} as it always does.
     */
    WatchKey poll(WatchService service, ChangeCounter counter, long seen, long timeoutNanos) throws InterruptedException {
        synchronized (lock) {
            polling = Thread.currentThread();
            pollingFor = counter;
        }
        boolean interrupted = false;
        try {
            // A nudge given before the lines above found nobody polling, and sent no interrupt:
            // the counter has moved already, which this look sees.
            if (counter.current() != seen) {
                return null;
            }
            return service.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
            if (!end()) {
                throw e;
            }
            return null;
        } finally {
            if (!interrupted && end()) {
                // The nudge's interrupt came after the wait ended: it is ours, not the owner's.
                Thread.interrupted();
            }
        }
    }

    /**
     * Marks the poll as over (nudges no longer interrupt it).
     *
     * @return whether it was nudged meanwhile (the nudge is then used up)
     */
    private boolean end() {
        synchronized (lock) {
            polling = null;
            pollingFor = null;
            boolean wasNudged = nudged;
            nudged = false;
            return wasNudged;
        }
    }

    /**
     * Ends the poll now if it waits for {@code counter}, which moved by something other than a
     * notification. Call after moving the counter.
     */
    void nudge(ChangeCounter counter) {
        synchronized (lock) {
            if (polling != null && pollingFor == counter && !nudged) {
                nudged = true;
                polling.interrupt();
            }
        }
    }
}
