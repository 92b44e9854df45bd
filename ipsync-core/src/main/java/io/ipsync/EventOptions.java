package io.ipsync;

import io.ipsync.internal.Durations;
import java.time.Duration;

/**
 * How an {@link Event} behaves. Immutable; build one with {@link #builder()}.
 */
public final class EventOptions {

    /** Re-check the file this often even without a file-system notification. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    /** The options every event starts from: fire on init, one-second poll, create the directory. */
    public static final EventOptions DEFAULTS = builder().build();

    private final boolean fireOnInit;
    private final Duration pollInterval;
    private final boolean createDirectory;

    private EventOptions(Builder builder) {
        this.fireOnInit = builder.fireOnInit;
        this.pollInterval = builder.pollInterval;
        this.createDirectory = builder.createDirectory;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether a file that exists when the event is opened counts as a signal not yet seen, as
     * with the original's {@code bFireOnInit=True}. When {@code false}, only later signals wake.
     */
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

    @Override
    public String toString() {
        return "EventOptions[fireOnInit=" + fireOnInit + ", pollInterval=" + pollInterval
                + ", createDirectory=" + createDirectory + "]";
    }

    /** Builds {@link EventOptions}. */
    public static final class Builder {

        private boolean fireOnInit = true;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private boolean createDirectory = true;

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

        public EventOptions build() {
            return new EventOptions(this);
        }
    }
}
