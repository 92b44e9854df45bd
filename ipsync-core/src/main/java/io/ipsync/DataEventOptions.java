package io.ipsync;

import io.ipsync.internal.Durations;
import java.time.Duration;
import java.util.Objects;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a {@link JsonDataEvent} behaves. Immutable; build one with {@link #builder()}.
 */
public final class DataEventOptions {

    /** Re-check the file this often even without a file-system notification. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    /** Larger values are refused unread. */
    public static final long DEFAULT_MAX_VALUE_SIZE = 16L * 1024 * 1024;

    /** The options every data event starts from. */
    public static final DataEventOptions DEFAULTS = builder().build();

    private final boolean fireOnInit;
    private final Duration pollInterval;
    private final boolean createDirectory;
    private final boolean syncWrites;
    private final long maxValueSize;
    private final JsonMapper jsonMapper;
    private final FileSharing sharing;

    private DataEventOptions(Builder builder) {
        this.fireOnInit = builder.fireOnInit;
        this.pollInterval = builder.pollInterval;
        this.createDirectory = builder.createDirectory;
        this.syncWrites = builder.syncWrites;
        this.maxValueSize = builder.maxValueSize;
        this.jsonMapper = builder.jsonMapper;
        this.sharing = builder.sharing;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether a value already present when the event is opened is delivered by the first wait. */
    public boolean fireOnInit() {
        return fireOnInit;
    }

    /** How often a waiting listener re-checks the file without a notification. */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** Whether opening the event creates the file's parent directory if it is missing. */
    public boolean createDirectory() {
        return createDirectory;
    }

    /**
     * Whether {@link JsonDataEvent#signal(Object)} forces the value to the storage device before it
     * returns, so that a value published survives a power loss or an operating-system crash. Off by
     * default.
     *
     * <p>When on, the new file's content and modification time are forced to the device
     * ({@code FileChannel.force}, an fsync) before the rename that replaces the old file, and the
     * directory after the rename. Without it, a journaling file system such as ext4 can come back
     * from a power loss with the previous file, or an empty one.
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

    /** The largest value, in bytes, that is read. */
    public long maxValueSize() {
        return maxValueSize;
    }

    /** The mapper that writes values and reads payloads. */
    public JsonMapper jsonMapper() {
        return jsonMapper;
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
        return "DataEventOptions[fireOnInit=" + fireOnInit + ", pollInterval=" + pollInterval
                + ", createDirectory=" + createDirectory + ", syncWrites=" + syncWrites + ", maxValueSize=" + maxValueSize
                + ", sharing=" + sharing + "]";
    }

    /** Builds {@link DataEventOptions}. */
    public static final class Builder {

        private boolean fireOnInit = true;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private boolean createDirectory = true;
        private boolean syncWrites;
        private long maxValueSize = DEFAULT_MAX_VALUE_SIZE;
        private JsonMapper jsonMapper = JsonCodec.defaultMapper();
        private FileSharing sharing = FileSharing.PRIVATE;

        private Builder() {
        }

        public Builder fireOnInit(boolean fireOnInit) {
            this.fireOnInit = fireOnInit;
            return this;
        }

        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = Durations.requirePositive(pollInterval, "pollInterval");
            return this;
        }

        public Builder createDirectory(boolean createDirectory) {
            this.createDirectory = createDirectory;
            return this;
        }

        public Builder maxValueSize(long maxValueSize) {
            if (maxValueSize < 1 || maxValueSize > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(
                        "maxValueSize must be between 1 and " + (Integer.MAX_VALUE - 8) + " bytes but was " + maxValueSize);
            }
            this.maxValueSize = maxValueSize;
            return this;
        }

        public Builder jsonMapper(JsonMapper jsonMapper) {
            this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
            return this;
        }

        /** Whether writes are forced to the storage device before they return; see {@link DataEventOptions#syncWrites()}. */
        public Builder syncWrites(boolean syncWrites) {
            this.syncWrites = syncWrites;
            return this;
        }

        /** Who may use what the channel creates; see {@link FileSharing}. Default {@link FileSharing#PRIVATE}. */
        public Builder sharing(FileSharing sharing) {
            this.sharing = Objects.requireNonNull(sharing, "sharing");
            return this;
        }

        public DataEventOptions build() {
            return new DataEventOptions(this);
        }
    }
}
