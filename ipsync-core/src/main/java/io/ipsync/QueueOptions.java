package io.ipsync;

import io.ipsync.internal.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a {@link JsonDataQueue} behaves. Immutable; build one with {@link #builder()}, starting
 * from the {@code DEFAULT_*} values.
 */
public final class QueueOptions {

    /** Rescan the queue this often even without a file-system notification. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    /** Attempts per message before it is dead-lettered. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    /** Look for consumers that died, and take their messages back, this often. */
    public static final Duration DEFAULT_RECLAIM_INTERVAL = Duration.ofSeconds(2);

    /** Larger messages are dead-lettered unread. */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 16L * 1024 * 1024;

    /** Temporary files of producers older than this are taken for abandoned and removed. */
    public static final Duration DEFAULT_STALE_TEMP_FILE_AGE = Duration.ofMinutes(10);

    /** The options every queue starts from. */
    public static final QueueOptions DEFAULTS = builder().build();

    private final Duration pollInterval;
    private final int maxAttempts;
    private final BackOff backOff;
    private final Duration reclaimInterval;
    private final long maxMessageSize;
    private final boolean createDirectory;
    private final Path deadLetterDirectory;
    private final Duration staleTempFileAge;
    private final JsonMapper jsonMapper;
    private final QueueObserver observer;
    private final boolean syncWrites;
    private final FileSharing sharing;

    private QueueOptions(Builder builder) {
        this.pollInterval = builder.pollInterval;
        this.maxAttempts = builder.maxAttempts;
        this.backOff = builder.backOff;
        this.reclaimInterval = builder.reclaimInterval;
        this.maxMessageSize = builder.maxMessageSize;
        this.createDirectory = builder.createDirectory;
        this.deadLetterDirectory = builder.deadLetterDirectory;
        this.staleTempFileAge = builder.staleTempFileAge;
        this.jsonMapper = builder.jsonMapper;
        this.observer = builder.observer;
        this.syncWrites = builder.syncWrites;
        this.sharing = builder.sharing;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.pollInterval = pollInterval;
        builder.maxAttempts = maxAttempts;
        builder.backOff = backOff;
        builder.reclaimInterval = reclaimInterval;
        builder.maxMessageSize = maxMessageSize;
        builder.createDirectory = createDirectory;
        builder.deadLetterDirectory = deadLetterDirectory;
        builder.staleTempFileAge = staleTempFileAge;
        builder.jsonMapper = jsonMapper;
        builder.observer = observer;
        builder.syncWrites = syncWrites;
        builder.sharing = sharing;
        return builder;
    }

    /** How often a waiting consumer rescans the directory without a notification. */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** How many attempts a message gets before it is dead-lettered. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The delay between attempts. */
    public BackOff backOff() {
        return backOff;
    }

    /** How often consumers look for dead consumers' claims: the bound on how late they come back. */
    public Duration reclaimInterval() {
        return reclaimInterval;
    }

    /** The largest message, in bytes, that a consumer reads; larger ones are dead-lettered unread. */
    public long maxMessageSize() {
        return maxMessageSize;
    }

    /** Whether opening the queue creates its directory (and missing parents). */
    public boolean createDirectory() {
        return createDirectory;
    }

    /**
     * Where dead letters go, or {@code null} for the default {@code .ipsync/dead} inside the
     * queue directory. It should be on the same file system as the queue.
     */
    public Path deadLetterDirectory() {
        return deadLetterDirectory;
    }

    /** How old a producer's temporary file must be before consumers remove it as abandoned. */
    public Duration staleTempFileAge() {
        return staleTempFileAge;
    }

    /** The mapper that writes values and reads payloads. */
    public JsonMapper jsonMapper() {
        return jsonMapper;
    }

    /** Told about every message sent, received, acknowledged, retried and dead-lettered. */
    public QueueObserver observer() {
        return observer;
    }

    /**
     * Whether a put forces the message to the storage device before it returns, so that a put
     * that returned survives a power loss or an operating-system crash. Off by default.
     *
     * <p>When on, a put forces the message's content to the device before the rename that makes
     * it visible ({@code FileChannel.force}, an fsync), and the queue directory after the rename,
     * so that the new name is on the device too. Without it, a journaling file system such as
     * ext4 can come back from a power loss without the messages put in the last seconds, or with
     * some of them empty (an empty message reads as {@code null}). Consumers' steps (claim,
     * acknowledge, retry, dead-letter) are renames and deletes that are not forced: after a power
     * loss a message being handled or just acknowledged may come back (at-least-once), but none
     * that a returned put stored goes missing.
     *
     * <p>It does not protect against a failing disk, nor against a drive that reports cached writes as
     * done (turn such write caches off, or use drives with power-loss protection), and it is
     * pointless on tmpfs such as {@code /dev/shm}, whose content lives in memory and is gone after
     * a power loss anyway. It costs one or two device flushes per call: typically milliseconds on
     * a real disk, far more than the call takes otherwise. Forcing a directory works on Linux; where
     * the operating system refuses it, the call fails. If that last flush fails, the call throws
     * although the new file is already in place.
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

    @Override
    public String toString() {
        return "QueueOptions[pollInterval=" + pollInterval + ", maxAttempts=" + maxAttempts + ", backOff=" + backOff
                + ", reclaimInterval=" + reclaimInterval + ", maxMessageSize=" + maxMessageSize
                + ", createDirectory=" + createDirectory + ", deadLetterDirectory=" + deadLetterDirectory
                + ", staleTempFileAge=" + staleTempFileAge + ", syncWrites=" + syncWrites + ", sharing=" + sharing + "]";
    }

    /** Builds {@link QueueOptions}; every setter validates its argument at once. */
    public static final class Builder {

        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private BackOff backOff = BackOff.DEFAULT;
        private Duration reclaimInterval = DEFAULT_RECLAIM_INTERVAL;
        private long maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private boolean createDirectory = true;
        private Path deadLetterDirectory;
        private Duration staleTempFileAge = DEFAULT_STALE_TEMP_FILE_AGE;
        private JsonMapper jsonMapper = JsonCodec.defaultMapper();
        private QueueObserver observer = QueueObserver.NONE;
        private boolean syncWrites;
        private FileSharing sharing = FileSharing.PRIVATE;

        private Builder() {
        }

        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = Durations.requirePositive(pollInterval, "pollInterval");
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1 but was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder backOff(BackOff backOff) {
            this.backOff = Objects.requireNonNull(backOff, "backOff");
            return this;
        }

        public Builder reclaimInterval(Duration reclaimInterval) {
            this.reclaimInterval = Durations.requirePositive(reclaimInterval, "reclaimInterval");
            return this;
        }

        public Builder maxMessageSize(long maxMessageSize) {
            if (maxMessageSize < 1 || maxMessageSize > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(
                        "maxMessageSize must be between 1 and " + (Integer.MAX_VALUE - 8) + " bytes but was " + maxMessageSize);
            }
            this.maxMessageSize = maxMessageSize;
            return this;
        }

        public Builder createDirectory(boolean createDirectory) {
            this.createDirectory = createDirectory;
            return this;
        }

        /** Where dead letters go; {@code null} restores the default inside the queue directory. */
        public Builder deadLetterDirectory(Path deadLetterDirectory) {
            this.deadLetterDirectory = deadLetterDirectory;
            return this;
        }

        public Builder staleTempFileAge(Duration staleTempFileAge) {
            this.staleTempFileAge = Durations.requirePositive(staleTempFileAge, "staleTempFileAge");
            return this;
        }

        public Builder jsonMapper(JsonMapper jsonMapper) {
            this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
            return this;
        }

        public Builder observer(QueueObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /** Whether puts are forced to the storage device before they return; see {@link QueueOptions#syncWrites()}. */
        public Builder syncWrites(boolean syncWrites) {
            this.syncWrites = syncWrites;
            return this;
        }

        /** Who may use what the channel creates; see {@link FileSharing}. Default {@link FileSharing#PRIVATE}. */
        public Builder sharing(FileSharing sharing) {
            this.sharing = Objects.requireNonNull(sharing, "sharing");
            return this;
        }

        public QueueOptions build() {
            return new QueueOptions(this);
        }
    }
}
