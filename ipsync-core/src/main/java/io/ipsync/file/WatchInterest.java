package io.ipsync.file;

/**
 * What a registration of a {@link DirectoryWatcher} wants to hear of in its directory, in
 * increasing order of what wakes it; also the kind of a notification that is delivered.
 *
 * <p>The narrower the interest, the fewer notifications wake a waiting thread at all: where the
 * notification source lets ipsync choose what the kernel reports (inotify through the FFM API,
 * Java 22+), a queue directory's consumers ask for {@link #RENAMED_IN} only, so that the
 * creation and writing of a producer's {@code tmp_} file beside the messages wakes nobody. The
 * JDK's watch service cannot tell a rename into the directory from a creation, and reports both
 * for either of the first two.
 */
enum WatchInterest {

    /**
     * Entries renamed (moved) into the directory: how every writer that follows the protocol
     * makes a message appear, atomically. An entry created in place is found by the next
     * listing (at the latest after the poll interval), not by a notification.
     */
    RENAMED_IN,

    /** Entries renamed into the directory or created in it. */
    CREATED,

    /**
     * Entries renamed into the directory, and entries whose content or time stamps changed: with
     * inotify, written and closed ({@code IN_CLOSE_WRITE}, which also reports a file created and
     * closed, as jk_interprocesssync's {@code Event.signal()} does) or given new times
     * ({@code IN_ATTRIB}); with the JDK's watch service, every creation and every write. A writer
     * that keeps the file open is heard of when it closes it, or found at the next poll.
     */
    MODIFIED;

    /** The wider of the two. */
    WatchInterest widest(WatchInterest other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** Whether a registration with this interest hears of a notification of kind {@code event}. */
    boolean hears(WatchInterest event) {
        // Creations are hints for everyone: the JDK reports renames as creations.
        return event != MODIFIED || this == MODIFIED;
    }
}
