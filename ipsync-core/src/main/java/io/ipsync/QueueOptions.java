package io.ipsync;

import io.ipsync.internal.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a {@link JsonDataQueue} behaves, whatever its transport: attempts, back-off, the failures
 * that are never retried, how soon a dead consumer's messages come back, sizes, layout, JSON and
 * observation. Immutable; build one with {@link #builder()}, starting from the {@code DEFAULT_*}
 * values.
 *
 * <p>What only one transport has (for files: directories, poll interval, fsync, file modes; for
 * Redis: the server, key prefix, blocking reads) is in that transport's settings, which travel
 * with the queue's {@link ChannelAddress} ({@link io.ipsync.file.FileSettings} for files).
 */
public final class QueueOptions {

    /** Attempts per message before it is dead-lettered. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    /** How soon, at the latest, a dead consumer's messages come back to the others. */
    public static final Duration DEFAULT_RECLAIM_INTERVAL = Duration.ofSeconds(2);

    /** Larger messages are dead-lettered unread. */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 16L * 1024 * 1024;

    /** The options every queue starts from. */
    public static final QueueOptions DEFAULTS = builder().build();

    private final int maxAttempts;
    private final BackOff backOff;
    private final Duration reclaimInterval;
    private final long maxMessageSize;
    private final String layout;
    private final JsonMapper jsonMapper;
    private final QueueObserver observer;
    private final SendInterceptor sendInterceptor;
    private final Set<Class<? extends Throwable>> notRetryable;

    private QueueOptions(Builder builder) {
        this.maxAttempts = builder.maxAttempts;
        this.backOff = builder.backOff;
        this.reclaimInterval = builder.reclaimInterval;
        this.maxMessageSize = builder.maxMessageSize;
        this.layout = builder.layout;
        this.jsonMapper = builder.jsonMapper;
        this.observer = builder.observer;
        this.sendInterceptor = builder.sendInterceptor;
        this.notRetryable = Collections.unmodifiableSet(new LinkedHashSet<>(builder.notRetryable));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.maxAttempts = maxAttempts;
        builder.backOff = backOff;
        builder.reclaimInterval = reclaimInterval;
        builder.maxMessageSize = maxMessageSize;
        builder.layout = layout;
        builder.jsonMapper = jsonMapper;
        builder.observer = observer;
        builder.sendInterceptor = sendInterceptor;
        builder.notRetryable = new LinkedHashSet<>(notRetryable);
        return builder;
    }

    /** How many attempts a message gets before it is dead-lettered. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The delay between attempts. */
    public BackOff backOff() {
        return backOff;
    }

    /**
     * How soon, at the latest, the messages of a consumer that died come back to the others. The
     * file transport looks for dead consumers this often (a live one holds an OS lock, however long
     * it handles a message); a server transport leases each claim for this long and renews the
     * leases of a live consumer before they run out.
     */
    public Duration reclaimInterval() {
        return reclaimInterval;
    }

    /** The largest message, in bytes, that a consumer reads; larger ones are dead-lettered unread. */
    public long maxMessageSize() {
        return maxMessageSize;
    }

    /**
     * The queue layout asked for, or {@code null} for the one an existing queue has (a new queue
     * gets its transport's first {@link io.ipsync.spi.TransportProvider#queueLayouts() layout}).
     * Asking for a layout the transport does not offer, or another than an existing queue has,
     * fails when the queue is opened.
     */
    public String layout() {
        return layout;
    }

    /** The mapper that writes values and reads payloads: the one given, else one with Jackson's defaults. */
    public JsonMapper jsonMapper() {
        return jsonMapper != null ? jsonMapper : JsonCodec.defaultMapper();
    }

    /** Told about every message sent, received, acknowledged, retried and dead-lettered. */
    public QueueObserver observer() {
        return observer;
    }

    /** Runs around each put of one message; {@link SendInterceptor#NONE} by default. */
    public SendInterceptor sendInterceptor() {
        return sendInterceptor;
    }

    /**
     * The exception types whose failures are never retried: a handler failure that is an
     * instance of one of them (subclasses included), or has one in its chain of causes, is
     * dead-lettered on the attempt it happened, its reason saying it was not retried. A
     * {@link NotRetryableException} and a {@link MessageConversionException} are never retried,
     * whether listed here or not. Empty by default: every other failure is retried up to
     * {@link #maxAttempts()}.
     */
    public Set<Class<? extends Throwable>> notRetryable() {
        return notRetryable;
    }

    @Override
    public String toString() {
        return "QueueOptions[maxAttempts=" + maxAttempts + ", backOff=" + backOff + ", reclaimInterval=" + reclaimInterval
                + ", maxMessageSize=" + maxMessageSize + (layout == null ? "" : ", layout=" + layout)
                + (notRetryable.isEmpty() ? "" : ", notRetryable=" + notRetryable.stream().map(Class::getName).toList())
                + "]";
    }

    /** Builds {@link QueueOptions}; every setter validates its argument at once. */
    public static final class Builder {

        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private BackOff backOff = BackOff.DEFAULT;
        private Duration reclaimInterval = DEFAULT_RECLAIM_INTERVAL;
        private long maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private String layout;
        /** {@code null}: Jackson's defaults, built only once a channel needs them. */
        private JsonMapper jsonMapper;
        private QueueObserver observer = QueueObserver.NONE;
        private SendInterceptor sendInterceptor = SendInterceptor.NONE;
        private Set<Class<? extends Throwable>> notRetryable = new LinkedHashSet<>();

        private Builder() {
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

        /** The queue layout to ask for; {@code null} (the default) for the one the queue has. See {@link QueueOptions#layout()}. */
        public Builder layout(String layout) {
            if (layout != null && layout.isBlank()) {
                throw new IllegalArgumentException("layout must not be blank; leave it null for the queue's own");
            }
            this.layout = layout;
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

        /** What runs around each put of one message (see {@link SendInterceptor}). */
        public Builder sendInterceptor(SendInterceptor sendInterceptor) {
            this.sendInterceptor = Objects.requireNonNull(sendInterceptor, "sendInterceptor");
            return this;
        }

        /**
         * The exception types whose failures are never retried (see {@link QueueOptions#notRetryable()});
         * replaces those set before.
         */
        @SafeVarargs
        public final Builder notRetryable(Class<? extends Throwable>... types) {
            return notRetryable(Arrays.asList(Objects.requireNonNull(types, "types")));
        }

        /**
         * The exception types whose failures are never retried (see {@link QueueOptions#notRetryable()});
         * replaces those set before.
         */
        public Builder notRetryable(Collection<Class<? extends Throwable>> types) {
            Objects.requireNonNull(types, "types");
            Set<Class<? extends Throwable>> checked = new LinkedHashSet<>();
            for (Class<? extends Throwable> type : types) {
                Objects.requireNonNull(type, "a not-retryable exception type is null");
                if (!Throwable.class.isAssignableFrom(type)) {
                    throw new IllegalArgumentException("A not-retryable type must be a Throwable but was " + type.getName());
                }
                checked.add(type);
            }
            this.notRetryable = checked;
            return this;
        }

        public QueueOptions build() {
            return new QueueOptions(this);
        }
    }
}
