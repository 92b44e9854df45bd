package io.ipsync;

/**
 * How an {@link Event} behaves, whatever its transport. Immutable; build one with
 * {@link #builder()}. What only one transport has (for files: directories, poll interval, fsync,
 * file modes) is in that transport's settings, which travel with the channel's
 * {@link ChannelAddress} ({@link io.ipsync.file.FileSettings} for files).
 */
public final class EventOptions {

    /** The options every event starts from: fire on init. */
    public static final EventOptions DEFAULTS = builder().build();

    private final boolean fireOnInit;

    private EventOptions(Builder builder) {
        this.fireOnInit = builder.fireOnInit;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether an event signalled before it was opened counts as a signal not yet seen, as with
     * the original's {@code bFireOnInit=True}. When {@code false}, only later signals wake.
     */
    public boolean fireOnInit() {
        return fireOnInit;
    }

    @Override
    public String toString() {
        return "EventOptions[fireOnInit=" + fireOnInit + "]";
    }

    /** Builds {@link EventOptions}. */
    public static final class Builder {

        private boolean fireOnInit = true;

        private Builder() {
        }

        public Builder fireOnInit(boolean fireOnInit) {
            this.fireOnInit = fireOnInit;
            return this;
        }

        public EventOptions build() {
            return new EventOptions(this);
        }
    }
}
