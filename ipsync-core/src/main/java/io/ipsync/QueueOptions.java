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
 * that are never retried, how soon a dead consumer's messages come back, sizes, bounds and time
 * to live, layout, JSON and observation. Immutable; build one with {@link #builder()}, starting from the {@code DEFAULT_*}
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

    /** No bound on the backlog: {@link #maxBacklog()} of 0. */
    public static final long UNBOUNDED = 0;

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
    private final Duration timeToLive;
    private final long maxBacklog;
    private final Duration putTimeout;

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
        this.timeToLive = builder.timeToLive;
        this.maxBacklog = builder.maxBacklog;
        this.putTimeout = builder.putTimeout;
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
        builder.timeToLive = timeToLive;
        builder.maxBacklog = maxBacklog;
        builder.putTimeout = putTimeout;
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

    /**
     * How long a message may wait before it expires, or {@code null} (the default) for ever. A put
     * stamps each message with the time it expires (its due time plus this, in the header
     * {@link MessageMetadata#EXPIRES_HEADER}); a consumer that takes a message past that time
     * dead-letters it, unhandled, with the reason "expired", so no message silently vanishes. Expiry
     * is checked when a message is taken: an expired message waits in the backlog, and counts in it,
     * until a consumer comes to it. Python consumers do not read headers and handle it anyway.
     */
    public Duration timeToLive() {
        return timeToLive;
    }

    /**
     * The most messages the queue may hold waiting (now or scheduled, as {@link JsonDataQueue#size()}
     * counts them) before a put waits for room, or {@link #UNBOUNDED} (0, the default). It bounds a
     * queue's backlog, which on a RAM disk is memory, when a consumer may stay away. The bound is
     * approximate: each producer checks it against a count it refreshes whenever its own puts could
     * reach the bound, and otherwise at least every 500 ms (50 ms once less than a tenth of it is
     * free), so producers together may pass it by what the others put within that time; Python
     * producers do not know of it. It counts messages, not bytes, and neither messages being
     * handled nor dead letters.
     */
    public long maxBacklog() {
        return maxBacklog;
    }

    /**
     * How long a put waits for room in a queue whose backlog has reached {@link #maxBacklog()},
     * before it fails with {@link QueueFullException}; zero (the default) fails at once. An
     * interrupt ends the wait with an {@link IpsyncException}, nothing put and the thread's
     * interrupt status kept. Without a {@link #maxBacklog()} it has no effect.
     */
    public Duration putTimeout() {
        return putTimeout;
    }

    /**
     * Whether a failure is never retried on this queue: it, or an exception in its chain of
     * causes, is a {@link NotRetryableException}, a {@link MessageConversionException}, or one of
     * the {@link #notRetryable()} types (subclasses included).
     */
    public boolean isNotRetryable(Throwable failure) {
        return new FailureClassifier(notRetryable).notRetryableCause(failure) != null;
    }

    @Override
    public String toString() {
        return "QueueOptions[maxAttempts=" + maxAttempts + ", backOff=" + backOff + ", reclaimInterval=" + reclaimInterval
                + ", maxMessageSize=" + maxMessageSize + (layout == null ? "" : ", layout=" + layout)
                + (notRetryable.isEmpty() ? "" : ", notRetryable=" + notRetryable.stream().map(Class::getName).toList())
                + (timeToLive == null ? "" : ", timeToLive=" + timeToLive)
                + (maxBacklog == UNBOUNDED ? "" : ", maxBacklog=" + maxBacklog + ", putTimeout=" + putTimeout)
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
        private Duration timeToLive;
        private long maxBacklog = UNBOUNDED;
        private Duration putTimeout = Duration.ZERO;

        private Builder() {
        }

        /** How long a message may wait before it expires; {@code null} for ever. See {@link QueueOptions#timeToLive()}. */
        public Builder timeToLive(Duration timeToLive) {
            this.timeToLive = timeToLive == null ? null : Durations.requirePositive(timeToLive, "timeToLive");
            return this;
        }

        /** The most messages waiting before a put waits for room; {@link #UNBOUNDED} (0) for no bound. See {@link QueueOptions#maxBacklog()}. */
        public Builder maxBacklog(long maxBacklog) {
            if (maxBacklog < 0) {
                throw new IllegalArgumentException("maxBacklog must be 0 (no bound) or more but was " + maxBacklog);
            }
            this.maxBacklog = maxBacklog;
            return this;
        }

        /** How long a put waits for room in a full queue; zero fails at once. See {@link QueueOptions#putTimeout()}. */
        public Builder putTimeout(Duration putTimeout) {
            this.putTimeout = Durations.requireNotNegative(putTimeout, "putTimeout");
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
