package io.ipsync.file;

import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * One listener's interest in one directory, as a {@link NotificationSource} keeps it (through
 * its {@link Host}): active while the directory is watched for it, renewed by the channel's
 * waiting threads when it is not.
 *
 * <p>Thread-safe: any number of threads may renew it at once, and one may close it meanwhile.
 * A renewal that attaches it after it was closed detaches it again, so a closed registration
 * never stays attached.
 */
final class WatchRegistration implements DirectoryWatcher.Registration {

    private final Host registry;

    private final Path directory;

    private final WatchInterest interest;

    private final Predicate<String> names;

    private final DirectoryWatcher.Listener listener;

    /** Set by the registry under its lock when attached; cleared when the directory's key goes. */
    private volatile boolean active;

    private volatile boolean closed;

    WatchRegistration(Host registry, Path directory, WatchInterest interest, Predicate<String> names,
            DirectoryWatcher.Listener listener) {
        this.registry = registry;
        this.directory = directory;
        this.interest = interest;
        this.names = names;
        this.listener = listener;
    }

    Path directory() {
        return directory;
    }

    /** What this registration wants to hear of. */
    WatchInterest interest() {
        return interest;
    }

    DirectoryWatcher.Listener listener() {
        return listener;
    }

    /** Whether a notification of kind {@code kind} for {@code name} passes this registration's filter. */
    boolean wants(String name, WatchInterest kind) {
        return interest.hears(kind) && names.test(name);
    }

    @Override
    public boolean isActive() {
        return active;
    }

    /** Called by the registry, under its lock, once the registration hears of changes. */
    void markActive() {
        active = true;
    }

    @Override
    public void renew() {
        if (!active && !closed) {
            registry.attach(this); // marks it active when it succeeds
            if (active && closed) {
                registry.detach(this);
                active = false;
            }
        }
    }

    /** The directory's watch is gone (the directory was deleted, or watched anew): anything may have changed. */
    void onInvalidated() {
        active = false;
        listener.lost();
    }

    @Override
    public void close() {
        closed = true;
        active = false;
        registry.detach(this);
    }

    /** What keeps registrations: attaches them to their directory's watch, and detaches them. */
    interface Host {

        /**
         * Adds the registration to its directory's watch, watching the directory first if need
         * be, and marks it active. Attaching a registration that is attached already changes
         * nothing (several of a channel's threads may renew it at once).
         *
         * @return whether the registration now hears of changes
         */
        boolean attach(WatchRegistration registration);

        /** Removes the registration; the directory is no longer watched once nobody else wants it. */
        void detach(WatchRegistration registration);
    }
}
