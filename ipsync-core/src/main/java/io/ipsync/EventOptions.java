package io.ipsync;

import io.ipsync.internal.Durations;
import java.time.Duration;
import java.util.Objects;

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
    private final FileSharing sharing;

    private EventOptions(Builder builder) {
        this.fireOnInit = builder.fireOnInit;
        this.pollInterval = builder.pollInterval;
        this.createDirectory = builder.createDirectory;
        this.sharing = builder.sharing;
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

    /**
     * Who may use the directories and files the channel creates, and which existing directories
     * are accepted: {@link FileSharing#PRIVATE} (the default) or {@link FileSharing#GROUP}.
     */
    public FileSharing sharing() {
        return sharing;
    }

    @Override
    public String toString() {
        return "EventOptions[fireOnInit=" + fireOnInit + ", pollInterval=" + pollInterval
                + ", createDirectory=" + createDirectory + ", sharing=" + sharing + "]";
    }

    /** Builds {@link EventOptions}. */
    public static final class Builder {

        private boolean fireOnInit = true;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private boolean createDirectory = true;
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

        /** Who may use what the channel creates; see {@link FileSharing}. Default {@link FileSharing#PRIVATE}. */
        public Builder sharing(FileSharing sharing) {
            this.sharing = Objects.requireNonNull(sharing, "sharing");
            return this;
        }

        public EventOptions build() {
            return new EventOptions(this);
        }
    }
}
