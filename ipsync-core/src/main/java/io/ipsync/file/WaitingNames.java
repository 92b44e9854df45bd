package io.ipsync.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Which waiting message a consumer tries to claim next: oldest first across producers, and each
 * producer's messages in the order it put them.
 *
 * <p>The names come from two sources. A listing of the queue directory keeps the oldest names in
 * a batch (4,096 at first, doubling up to 131,072 while a backlog fills the batches), so a message
 * put meanwhile with an older timestamp can be taken after younger ones of the batch. Once the
 * consumer has tried every name of a listing that saw the whole directory, the messages that
 * arrived since come from the file-system notifications, in the order they announced them, and the
 * directory is not read again (see {@link Arrivals}); it is, after a lost notification, and at
 * least every poll interval.
 *
 * <p>A name handed out may be gone (another consumer took it): the caller's claim fails and it
 * asks for the next. Thread-safe.
 */
final class WaitingNames {

    /** How many of the oldest names a directory listing keeps for the claims that follow, at first. */
    private static final int MIN_BATCH_SIZE = 4096;

    /**
     * The most names one listing keeps (about 13 MB of names): the batch doubles up to this while
     * listings come back full, so a deep backlog is read in few listings.
     */
    private static final int MAX_BATCH_SIZE = 131_072;

    private final Path directory;

    private final long pollNanos;

    /**
     * Whether the file system lists a directory in the order its entries were added (tmpfs);
     * {@code null} until the first listing (producers never need to know). Guarded by {@link #listed}.
     */
    private Boolean readsInArrivalOrder;

    private final Arrivals arrivals = new Arrivals();

    /** Names from the last listing, oldest first; guarded by itself. */
    private final ArrayDeque<String> listed = new ArrayDeque<>();

    /** How many names the next listing keeps; guarded by {@link #listed}. */
    private int batchSize = MIN_BATCH_SIZE;

    /**
     * @param directory the queue directory
     * @param pollNanos how long names learned from notifications may stand in for a listing
     */
    WaitingNames(Path directory, long pollNanos) {
        this.directory = directory;
        this.pollNanos = pollNanos;
    }

    /** What the queue directory's watcher must tell, for names to be learned from notifications. */
    DirectoryWatcher.Listener arrivals() {
        return arrivals;
    }

    /**
     * The name to try next, or {@code null} when no message is known to wait.
     *
     * @param watched whether notifications for the directory currently arrive
     */
    String next(boolean watched) throws IOException {
        synchronized (listed) {
            if (listed.isEmpty()) {
                if (arrivals.isComplete()) {
                    return arrivals.poll();
                }
                listed.addAll(listOldest(watched));
            }
            return listed.poll();
        }
    }

    /**
     * A message went back under its own name: read the directory again, so it is taken in its
     * turn. (The names of the last listing are dropped, so notifications alone would no longer
     * tell every waiting message.)
     */
    void forgetListing() {
        synchronized (listed) {
            listed.clear();
            arrivals.relist();
        }
    }

    /**
     * The oldest waiting names, with no gap in any one producer's sequence.
     *
     * <p>One listing is not enough: a directory read while entries are added may return some of
     * the new entries and miss others (ext4 returns entries in hash order), so it can hold a
     * producer's message and miss the one that producer put just before it. A second listing,
     * begun after the first one ended, holds every message that existed before the first one
     * ended, hence every predecessor of a name the first one found. So only the second
     * listing's names up to the youngest of the first are taken: among those, nothing is missing.
     * The names the second listing leaves out arrived after the first began: notifications tell
     * them.
     *
     * <p>On tmpfs one listing is enough, and the second is skipped: tmpfs reads a directory by the
     * order its entries were added (Linux 6.18 here: from the newest down, by a counter given to
     * each entry as it is added, so an entry added while the listing runs is not shown), so a
     * listing that holds a producer's message also holds every earlier message of that producer
     * that was still waiting. The oldest names come last, though: the whole directory is read to
     * find them.
     */
    private List<String> listOldest(boolean watched) throws IOException {
        int limit = batchSize;
        long listingBegun = arrivals.listingBegins();
        List<String> first = DirectoryListing.smallest(directory, MessageNames::isMessage, limit);
        batchSize = first.size() == limit ? Math.min(limit * 2, MAX_BATCH_SIZE) : MIN_BATCH_SIZE;
        if (first.isEmpty() || readsInArrivalOrder()) {
            arrivals.listingEnded(listingBegun, first.size() < limit, watched, pollNanos);
            return first;
        }
        String youngest = first.get(first.size() - 1);
        List<String> second = DirectoryListing.smallest(directory,
                name -> MessageNames.isMessage(name) && name.compareTo(youngest) <= 0, limit);
        // Complete only if neither listing was cut short: names the second one cut off existed before
        // the first began, so no notification will tell them.
        arrivals.listingEnded(listingBegun, first.size() < limit && second.size() < limit, watched, pollNanos);
        return second;
    }

    private boolean readsInArrivalOrder() {
        if (readsInArrivalOrder == null) {
            boolean tmpfs;
            try {
                tmpfs = "tmpfs".equals(Files.getFileStore(directory).type());
            } catch (IOException | RuntimeException e) {
                tmpfs = false;
            }
            readsInArrivalOrder = tmpfs;
        }
        return readsInArrivalOrder;
    }
}
