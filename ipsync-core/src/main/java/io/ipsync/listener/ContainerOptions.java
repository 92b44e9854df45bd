package io.ipsync.listener;

import io.ipsync.internal.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * How a listener container runs. Immutable; build one with {@link #builder(String)}.
 */
public final class ContainerOptions {

    /** Listener threads per container. */
    public static final int DEFAULT_CONCURRENCY = 1;

    /** How long {@link ListenerContainer#stop()} lets handling in progress finish. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /** The longest single wait of a listener thread before it re-checks its state. */
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofSeconds(5);

    /** How long a listener thread waits after its channel failed to read before it tries again. */
    public static final Duration DEFAULT_RECOVERY_INTERVAL = Duration.ofSeconds(1);

    /**
     * Where listener threads come from by default: platform threads, as {@code new Thread(task)}
     * makes them (daemon status and priority inherited from the thread that starts the container).
     */
    public static final ThreadFactory DEFAULT_THREAD_FACTORY = Thread::new;

    private final String id;

    private final int concurrency;

    private final Duration shutdownTimeout;

    private final Duration pollTimeout;

    private final Duration recoveryInterval;

    private final ListenerErrorHandler errorHandler;

    private final ThreadFactory threadFactory;

    private final FailureDecider failureDecider;

    private final boolean orderedByKey;

    private final HandlingScope handlingScope;

    private ContainerOptions(Builder builder) {
        this.id = builder.id;
        this.concurrency = builder.concurrency;
        this.shutdownTimeout = builder.shutdownTimeout;
        this.pollTimeout = builder.pollTimeout;
        this.recoveryInterval = builder.recoveryInterval;
        this.errorHandler = builder.errorHandler;
        this.threadFactory = builder.threadFactory;
        this.failureDecider = builder.failureDecider;
        this.orderedByKey = builder.orderedByKey;
        this.handlingScope = builder.handlingScope;
    }

    /** The scope each queue message's handling runs in; {@link HandlingScope#NONE} by default. */
    public HandlingScope handlingScope() {
        return handlingScope;
    }

    /**
     * Whether a queue container keeps the order of each ordering key (see
     * {@link Builder#orderedByKey(boolean)}); {@code false} by default.
     */
    public boolean orderedByKey() {
        return orderedByKey;
    }

    /** @param id the container's id; its threads are named {@code ipsync-<id>-<n>} */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    public String id() {
        return id;
    }

    public int concurrency() {
        return concurrency;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public Duration pollTimeout() {
        return pollTimeout;
    }

    public Duration recoveryInterval() {
        return recoveryInterval;
    }

    public ListenerErrorHandler errorHandler() {
        return errorHandler;
    }

    /** Where the container gets its listener threads; see {@link Builder#threadFactory(ThreadFactory)}. */
    public ThreadFactory threadFactory() {
        return threadFactory;
    }

    /** What decides, before settlement, about a queue message whose handler failed; the queue's policy by default. */
    public FailureDecider failureDecider() {
        return failureDecider;
    }

    @Override
    public String toString() {
        return "ContainerOptions[id=" + id + ", concurrency=" + concurrency + ", shutdownTimeout=" + shutdownTimeout
                + ", pollTimeout=" + pollTimeout + ", recoveryInterval=" + recoveryInterval
                + (orderedByKey ? ", orderedByKey" : "") + "]";
    }

    /** Builds {@link ContainerOptions}. */
    public static final class Builder {

        private final String id;

        private int concurrency = DEFAULT_CONCURRENCY;

        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;

        private Duration pollTimeout = DEFAULT_POLL_TIMEOUT;

        private Duration recoveryInterval = DEFAULT_RECOVERY_INTERVAL;

        private ListenerErrorHandler errorHandler = ListenerErrorHandler.LOGGING;

        private ThreadFactory threadFactory = DEFAULT_THREAD_FACTORY;

        private FailureDecider failureDecider = FailureDecider.BY_QUEUE;

        private boolean orderedByKey;

        private HandlingScope handlingScope = HandlingScope.NONE;

        private Builder(String id) {
            Objects.requireNonNull(id, "id");
            if (id.isBlank()) {
                throw new IllegalArgumentException("id must not be blank");
            }
            this.id = id;
        }

        /** Listener threads, at least 1. */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1 but was " + concurrency);
            }
            this.concurrency = concurrency;
            return this;
        }

        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = Durations.requireNotNegative(shutdownTimeout, "shutdownTimeout");
            return this;
        }

        public Builder pollTimeout(Duration pollTimeout) {
            this.pollTimeout = Durations.requirePositive(pollTimeout, "pollTimeout");
            return this;
        }

        public Builder recoveryInterval(Duration recoveryInterval) {
            this.recoveryInterval = Durations.requirePositive(recoveryInterval, "recoveryInterval");
            return this;
        }

        public Builder errorHandler(ListenerErrorHandler errorHandler) {
            this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
            return this;
        }

        /**
         * Where the container gets its {@link #concurrency(int) concurrency} listener threads, one
         * call per thread each time it starts; {@link #DEFAULT_THREAD_FACTORY platform threads}
         * unless set. The factory decides the kind of thread (platform or virtual), the container
         * its name: it renames each thread {@code ipsync-<id>-<n>} before starting it, whatever
         * the factory called it, so thread dumps and logs read the same with either kind. The
         * factory must return a new, unstarted thread that runs the task it was given.
         *
         * <p>Listener threads wait in Java code only (a lock condition, a file-change watch, a
         * socket read), which a virtual thread does without holding on to its carrier. A thread
         * that would wait inside a native call (for example a doorbell through the Foreign
         * Function and Memory API) pins its carrier for as long as it waits: such a thread must
         * stay a platform thread, made apart from this factory, whatever factory is set here.
         */
        public Builder threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
            return this;
        }

        /**
         * Decides, before settlement, what becomes of a queue message whose handler failed (see
         * {@link FailureDecider}); {@link FailureDecider#BY_QUEUE} by default. Only queue
         * containers use it.
         */
        public Builder failureDecider(FailureDecider failureDecider) {
            this.failureDecider = Objects.requireNonNull(failureDecider, "failureDecider");
            return this;
        }

        /**
         * Keeps the order of each ordering key (the header
         * {@link io.ipsync.MessageMetadata#ORDERING_KEY_HEADER}), as Kafka keeps a partition's:
         * messages of one key are handled one after another in the order this container took them
         * (for one producer, the order it put them), also with a {@link #concurrency} above 1,
         * while messages of other keys, and those without a key, run side by side. A message of a
         * key whose earlier message is still in hand waits in memory, claimed, behind it (at most
         * {@code 16 × concurrency} such messages; then the container takes no more until some are
         * handled). A failed keyed message is retried in place after its back-off, up to the
         * queue's maximum attempts, so the messages behind it keep waiting; the attempt its
         * metadata reports stays that of its delivery. The order holds within one container: with
         * consumers in several processes, each takes messages of any key (as a Kafka partition
         * needs one consumer, keep one consuming process for a queue whose keys must stay in
         * order). Only queue containers use it.
         */
        public Builder orderedByKey(boolean orderedByKey) {
            this.orderedByKey = orderedByKey;
            return this;
        }

        /**
         * The scope each queue message's handling runs in, settlement and error reporting included
         * (see {@link HandlingScope}). Only queue containers of one message per call use it.
         */
        public Builder handlingScope(HandlingScope handlingScope) {
            this.handlingScope = Objects.requireNonNull(handlingScope, "handlingScope");
            return this;
        }

        public ContainerOptions build() {
            return new ContainerOptions(this);
        }
    }
}
