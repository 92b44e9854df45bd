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
    private final long maxValueSize;
    private final JsonMapper jsonMapper;
    private final FileSharing sharing;

    private DataEventOptions(Builder builder) {
        this.fireOnInit = builder.fireOnInit;
        this.pollInterval = builder.pollInterval;
        this.createDirectory = builder.createDirectory;
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
                + ", createDirectory=" + createDirectory + ", maxValueSize=" + maxValueSize + ", sharing=" + sharing + "]";
    }

    /** Builds {@link DataEventOptions}. */
    public static final class Builder {

        private boolean fireOnInit = true;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private boolean createDirectory = true;
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
