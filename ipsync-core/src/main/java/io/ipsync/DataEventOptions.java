package io.ipsync;

import java.util.Objects;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a {@link JsonDataEvent} behaves, whatever its transport. Immutable; build one with
 * {@link #builder()}. What only one transport has (for files: directories, poll interval, fsync,
 * file modes) is in that transport's settings, which travel with the channel's
 * {@link ChannelAddress} ({@link io.ipsync.file.FileSettings} for files).
 */
public final class DataEventOptions {

    /** Larger values are refused unread. */
    public static final long DEFAULT_MAX_VALUE_SIZE = 16L * 1024 * 1024;

    /** The options every data event starts from. */
    public static final DataEventOptions DEFAULTS = builder().build();

    private final boolean fireOnInit;
    private final long maxValueSize;
    private final JsonMapper jsonMapper;

    private DataEventOptions(Builder builder) {
        this.fireOnInit = builder.fireOnInit;
        this.maxValueSize = builder.maxValueSize;
        this.jsonMapper = builder.jsonMapper;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether a value already present when the event is opened is delivered by the first wait. */
    public boolean fireOnInit() {
        return fireOnInit;
    }

    /** The largest value, in bytes, that is read. */
    public long maxValueSize() {
        return maxValueSize;
    }

    /** The mapper that writes values and reads payloads: the one given, else one with Jackson's defaults. */
    public JsonMapper jsonMapper() {
        return jsonMapper != null ? jsonMapper : JsonCodec.defaultMapper();
    }

    @Override
    public String toString() {
        return "DataEventOptions[fireOnInit=" + fireOnInit + ", maxValueSize=" + maxValueSize + "]";
    }

    /** Builds {@link DataEventOptions}. */
    public static final class Builder {

        private boolean fireOnInit = true;
        private long maxValueSize = DEFAULT_MAX_VALUE_SIZE;
        /** {@code null}: Jackson's defaults, built only once a channel needs them. */
        private JsonMapper jsonMapper;

        private Builder() {
        }

        public Builder fireOnInit(boolean fireOnInit) {
            this.fireOnInit = fireOnInit;
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

        public DataEventOptions build() {
            return new DataEventOptions(this);
        }
    }
}
