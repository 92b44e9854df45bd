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
    private final boolean syncWrites;
    private final FileSharing sharing;

    private EventOptions(Builder builder) {
        this.fireOnInit = builder.fireOnInit;
        this.pollInterval = builder.pollInterval;
        this.createDirectory = builder.createDirectory;
        this.syncWrites = builder.syncWrites;
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
     * Whether {@link Event#signal()} forces the signal to the storage device before it returns, so that
     * a signal that returned survives a power loss or an operating-system crash. Off by default.
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
                + ", createDirectory=" + createDirectory + ", syncWrites=" + syncWrites + ", sharing=" + sharing + "]";
    }

    /** Builds {@link EventOptions}. */
    public static final class Builder {

        private boolean fireOnInit = true;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private boolean createDirectory = true;
        private boolean syncWrites;
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

        /** Whether writes are forced to the storage device before they return; see {@link EventOptions#syncWrites()}. */
        public Builder syncWrites(boolean syncWrites) {
            this.syncWrites = syncWrites;
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
