package io.ipsync.file;

import io.ipsync.FileSharing;
import io.ipsync.internal.Durations;
import io.ipsync.spi.TransportSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The file transport's settings for one channel: what only files have (directories, file modes,
 * fsync, the poll interval behind file-system notifications). Options that every transport
 * honours (attempts, back-off, sizes, JSON) are in {@link io.ipsync.QueueOptions},
 * {@link io.ipsync.EventOptions} and {@link io.ipsync.DataEventOptions}.
 *
 * <p>Immutable; build one with {@link #builder()}, starting from the {@code DEFAULT_*} values.
 * Settings that apply to queues only ({@link #deadLetterDirectory()},
 * {@link #staleTempFileAge()}) are ignored by events and data events.
 */
public final class FileSettings implements TransportSettings {

    /** The file transport's id. */
    public static final String TRANSPORT = "file";

    /** Re-check a channel this often even without a file-system notification. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    /** Temporary files of producers older than this are taken for abandoned and removed. */
    public static final Duration DEFAULT_STALE_TEMP_FILE_AGE = Duration.ofMinutes(10);

    /** The size of a new journal queue's segment files (see {@link #journalSegmentSize()}). */
    public static final long DEFAULT_JOURNAL_SEGMENT_SIZE = 64L * 1024 * 1024;

    /** How many bytes of unsettled messages a journal queue holds before producers wait. */
    public static final long DEFAULT_JOURNAL_MAX_BACKLOG = 1024L * 1024 * 1024;

    /** How long a producer waits for room in a full journal queue before it fails. */
    public static final Duration DEFAULT_JOURNAL_FULL_TIMEOUT = Duration.ofSeconds(10);

    /** The smallest journal segment. */
    public static final long MIN_JOURNAL_SEGMENT_SIZE = 64L * 1024;

    /** The largest journal segment: a mapped buffer is indexed by an {@code int}. */
    public static final long MAX_JOURNAL_SEGMENT_SIZE = 1024L * 1024 * 1024;

    /** The settings every channel starts from. */
    public static final FileSettings DEFAULTS = builder().build();

    private final Duration pollInterval;
    private final boolean createDirectory;
    private final boolean syncWrites;
    private final FileSharing sharing;
    private final Path deadLetterDirectory;
    private final Duration staleTempFileAge;
    private final long journalSegmentSize;
    private final long journalMaxBacklog;
    private final Duration journalFullTimeout;

    private FileSettings(Builder builder) {
        this.pollInterval = builder.pollInterval;
        this.createDirectory = builder.createDirectory;
        this.syncWrites = builder.syncWrites;
        this.sharing = builder.sharing;
        this.deadLetterDirectory = builder.deadLetterDirectory;
        this.staleTempFileAge = builder.staleTempFileAge;
        this.journalSegmentSize = builder.journalSegmentSize;
        this.journalMaxBacklog = builder.journalMaxBacklog;
        this.journalFullTimeout = builder.journalFullTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.pollInterval = pollInterval;
        builder.createDirectory = createDirectory;
        builder.syncWrites = syncWrites;
        builder.sharing = sharing;
        builder.deadLetterDirectory = deadLetterDirectory;
        builder.staleTempFileAge = staleTempFileAge;
        builder.journalSegmentSize = journalSegmentSize;
        builder.journalMaxBacklog = journalMaxBacklog;
        builder.journalFullTimeout = journalFullTimeout;
        return builder;
    }

    @Override
    public String transport() {
        return TRANSPORT;
    }

    /** How often a waiting consumer or listener re-checks its channel without a file-system notification. */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** Whether opening a channel creates its directory (a queue's, an event file's folder) and missing parents. */
    public boolean createDirectory() {
        return createDirectory;
    }

    /**
     * Whether a put, signal or publish forces what it wrote to the storage device before it
     * returns, so that it survives a power loss or an operating-system crash. Off by default.
     *
     * <p>When on, the new file's content (and, for events, its modification time) is forced to the
     * device ({@code FileChannel.force}, an fsync) before the rename that makes it visible, and the
     * directory after the rename, so that the new name is on the device too. Without it, a
     * journaling file system such as ext4 can come back from a power loss without the writes of
     * the last seconds, or with some files empty (an empty message reads as {@code null}).
     * Consumers' steps (claim, acknowledge, retry, dead-letter) are renames and deletes that are
     * not forced: after a power loss a message being handled or just acknowledged may come back
     * (at-least-once), but none that a returned put stored goes missing.
     *
     * <p>It does not protect against a failing disk, nor against a drive that reports cached
     * writes as done (turn such write caches off, or use drives with power-loss protection), and
     * it is pointless on tmpfs such as {@code /dev/shm}, whose content lives in memory and is gone
     * after a power loss anyway. It costs one or two device flushes per call: typically
     * milliseconds on a real disk, far more than the call takes otherwise. Forcing a directory
     * works on Linux; where the operating system refuses it, the call fails. If that last flush
     * fails, the call throws although the new file is already in place.
     */
    public boolean syncWrites() {
        return syncWrites;
    }

    /**
     * Who may use the directories and files the channel creates, and which existing directories
     * are accepted: {@link FileSharing#PRIVATE} (the default) or {@link FileSharing#GROUP}.
     */
    public FileSharing sharing() {
        return sharing;
    }

    /**
     * Where a queue's dead letters go, or {@code null} for the default {@code .ipsync/dead} inside
     * the queue directory. It should be on the same file system as the queue.
     */
    public Path deadLetterDirectory() {
        return deadLetterDirectory;
    }

    /** How old a producer's temporary file must be before a queue's consumers remove it as abandoned. */
    public Duration staleTempFileAge() {
        return staleTempFileAge;
    }

    /**
     * The size of each segment file of a journal queue this channel creates (queues of the
     * {@code journal} layout; see {@code docs/journal.md}). Fixed when the queue is created: an
     * existing journal keeps the size it was created with. A multiple of 4096 between
     * {@value #MIN_JOURNAL_SEGMENT_SIZE} and {@value #MAX_JOURNAL_SEGMENT_SIZE} bytes, and it must
     * hold the queue's largest message: a queue whose maximum message size does not fit is refused
     * when it is opened.
     */
    public long journalSegmentSize() {
        return journalSegmentSize;
    }

    /**
     * How many bytes of a journal queue's segments may hold messages not yet settled (waiting,
     * claimed or scheduled for a retry) before a producer waits for consumers to catch up, at
     * most {@link #journalFullTimeout()}, then fails with {@link io.ipsync.file.journal.JournalFullException}.
     * Bounds the disk (or, on tmpfs, memory) a queue whose consumers stay away takes.
     */
    public long journalMaxBacklog() {
        return journalMaxBacklog;
    }

    /** How long a producer waits for room in a full journal queue (see {@link #journalMaxBacklog()}); zero fails at once. */
    public Duration journalFullTimeout() {
        return journalFullTimeout;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FileSettings that && pollInterval.equals(that.pollInterval)
                && createDirectory == that.createDirectory && syncWrites == that.syncWrites && sharing == that.sharing
                && Objects.equals(deadLetterDirectory, that.deadLetterDirectory)
                && staleTempFileAge.equals(that.staleTempFileAge) && journalSegmentSize == that.journalSegmentSize
                && journalMaxBacklog == that.journalMaxBacklog && journalFullTimeout.equals(that.journalFullTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pollInterval, createDirectory, syncWrites, sharing, deadLetterDirectory, staleTempFileAge,
                journalSegmentSize, journalMaxBacklog, journalFullTimeout);
    }

    @Override
    public String toString() {
        return "FileSettings[pollInterval=" + pollInterval + ", createDirectory=" + createDirectory + ", syncWrites="
                + syncWrites + ", sharing=" + sharing + ", deadLetterDirectory=" + deadLetterDirectory
                + ", staleTempFileAge=" + staleTempFileAge + ", journalSegmentSize=" + journalSegmentSize
                + ", journalMaxBacklog=" + journalMaxBacklog + ", journalFullTimeout=" + journalFullTimeout + "]";
    }

    /** Builds {@link FileSettings}; every setter validates its argument at once. */
    public static final class Builder {

        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private boolean createDirectory = true;
        private boolean syncWrites;
        private FileSharing sharing = FileSharing.PRIVATE;
        private Path deadLetterDirectory;
        private Duration staleTempFileAge = DEFAULT_STALE_TEMP_FILE_AGE;
        private long journalSegmentSize = DEFAULT_JOURNAL_SEGMENT_SIZE;
        private long journalMaxBacklog = DEFAULT_JOURNAL_MAX_BACKLOG;
        private Duration journalFullTimeout = DEFAULT_JOURNAL_FULL_TIMEOUT;

        private Builder() {
        }

        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = Durations.requirePositive(pollInterval, "pollInterval");
            return this;
        }

        public Builder createDirectory(boolean createDirectory) {
            this.createDirectory = createDirectory;
            return this;
        }

        /** Whether writes are forced to the storage device before they return; see {@link FileSettings#syncWrites()}. */
        public Builder syncWrites(boolean syncWrites) {
            this.syncWrites = syncWrites;
            return this;
        }

        /** Who may use what the channel creates; see {@link FileSharing}. Default {@link FileSharing#PRIVATE}. */
        public Builder sharing(FileSharing sharing) {
            this.sharing = Objects.requireNonNull(sharing, "sharing");
            return this;
        }

        /** Where a queue's dead letters go; {@code null} restores the default inside the queue directory. */
        public Builder deadLetterDirectory(Path deadLetterDirectory) {
            this.deadLetterDirectory = deadLetterDirectory;
            return this;
        }

        public Builder staleTempFileAge(Duration staleTempFileAge) {
            this.staleTempFileAge = Durations.requirePositive(staleTempFileAge, "staleTempFileAge");
            return this;
        }

        /** The segment size of journal queues created; see {@link FileSettings#journalSegmentSize()}. */
        public Builder journalSegmentSize(long journalSegmentSize) {
            if (journalSegmentSize < MIN_JOURNAL_SEGMENT_SIZE || journalSegmentSize > MAX_JOURNAL_SEGMENT_SIZE
                    || journalSegmentSize % 4096 != 0) {
                throw new IllegalArgumentException("journalSegmentSize must be a multiple of 4096 between "
                        + MIN_JOURNAL_SEGMENT_SIZE + " and " + MAX_JOURNAL_SEGMENT_SIZE + " bytes but was " + journalSegmentSize);
            }
            this.journalSegmentSize = journalSegmentSize;
            return this;
        }

        /** The backlog bound of journal queues; see {@link FileSettings#journalMaxBacklog()}. */
        public Builder journalMaxBacklog(long journalMaxBacklog) {
            if (journalMaxBacklog < 1) {
                throw new IllegalArgumentException("journalMaxBacklog must be at least 1 byte but was " + journalMaxBacklog);
            }
            this.journalMaxBacklog = journalMaxBacklog;
            return this;
        }

        /** How long a producer waits for room; see {@link FileSettings#journalFullTimeout()}. */
        public Builder journalFullTimeout(Duration journalFullTimeout) {
            Objects.requireNonNull(journalFullTimeout, "journalFullTimeout");
            if (journalFullTimeout.isNegative()) {
                throw new IllegalArgumentException("journalFullTimeout must not be negative but was " + journalFullTimeout);
            }
            this.journalFullTimeout = journalFullTimeout;
            return this;
        }

        public FileSettings build() {
            return new FileSettings(this);
        }
    }
}
