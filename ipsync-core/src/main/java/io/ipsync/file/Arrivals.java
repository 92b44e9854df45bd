package io.ipsync.file;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The names of messages that arrived in a queue directory since a consumer last read it in
 * full, learned from notifications, so that a consumer that has taken everything its last
 * listing found can take the next message without reading the directory again.
 *
 * <p>The invariant that makes that safe: while {@link #isComplete()} holds, every message that
 * arrived since the last complete listing began is in that listing or here, in the order it
 * arrived (which keeps each producer's messages in order: a producer's renames, and so their
 * notifications, come one after the other). It holds only when that listing saw the whole
 * directory, the directory was watched before the listing began, no notification was lost since
 * (an overflow, the directory went away, more names than this keeps) and less than the validity
 * given to {@link #listingEnded} has passed. The last condition is a safety net for file systems
 * whose notifications are incomplete without saying so: a consumer reads the directory again at
 * least that often, as it would without notifications.
 *
 * <p>A name here may be gone by the time it is claimed (another consumer took it, or the listing
 * held it too): claiming it fails and costs one system call.
 *
 * <p>Thread-safe.
 */
final class Arrivals implements DirectoryWatcher.Listener {

    /** The most names kept (about 7 MB): more means the consumer is far behind and is better off listing. */
    static final int MAX_NAMES = 65_536;

    private final ArrayDeque<String> names = new ArrayDeque<>();

    /** How many times notifications were lost; a listing is complete only if none was lost while it ran. */
    private long losses;

    private boolean complete;

    private long completeUntilNanos;

    @Override
    public synchronized void changed(List<String> arrived) {
        if (names.size() + arrived.size() > MAX_NAMES) {
            lost();
            return;
        }
        names.addAll(arrived);
    }

    @Override
    public synchronized void lost() {
        losses++;
        complete = false;
        names.clear();
    }

    /** The caller wants the directory read again (it dropped names of the last listing): no longer complete. */
    synchronized void relist() {
        complete = false;
        names.clear();
    }

    /**
     * Called before a listing of the directory begins: every name heard of until now is in the
     * listing, unless taken meanwhile, so they are forgotten.
     *
     * @return what {@link #listingEnded} needs to know whether notifications were lost meanwhile
     */
    synchronized long listingBegins() {
        names.clear();
        complete = false;
        return losses;
    }

    /**
     * Called when a listing begun with {@link #listingBegins()} ended.
     *
     * @param listingBegun the value {@link #listingBegins()} returned
     * @param sawEverything whether the listing kept every message it found (it was not cut short
     *     by its batch size)
     * @param watchedBefore whether the directory was watched before the listing began
     * @param validNanos how long, at most, names heard of may stand in for listing again
     */
    synchronized void listingEnded(long listingBegun, boolean sawEverything, boolean watchedBefore, long validNanos) {
        complete = sawEverything && watchedBefore && listingBegun == losses;
        completeUntilNanos = System.nanoTime() + validNanos;
    }

    /** Whether every message that arrived since the last complete listing is known (see the class comment). */
    synchronized boolean isComplete() {
        if (complete && System.nanoTime() - completeUntilNanos >= 0) {
            complete = false;
        }
        return complete;
    }

    /** The oldest arrival not yet handed out, or {@code null}. */
    synchronized String poll() {
        return names.poll();
    }
}
