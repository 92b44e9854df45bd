package io.ipsync.file;

import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * One listener's interest in one directory, as {@link WatchRegistry} keeps it: active while the
 * directory is watched for it, renewed by the channel's waiting threads when it is not.
 *
 * <p>Thread-safe: any number of threads may renew it at once, and one may close it meanwhile.
 * A renewal that attaches it after it was closed detaches it again, so a closed registration
 * never stays attached.
 */
final class WatchRegistration implements DirectoryWatcher.Registration {

    private final WatchRegistry registry;

    private final Path directory;

    private final boolean modifications;

    private final Predicate<String> names;

    private final DirectoryWatcher.Listener listener;

    /** Set by the registry under its lock when attached; cleared when the directory's key goes. */
    private volatile boolean active;

    private volatile boolean closed;

    WatchRegistration(WatchRegistry registry, Path directory, boolean modifications, Predicate<String> names,
            DirectoryWatcher.Listener listener) {
        this.registry = registry;
        this.directory = directory;
        this.modifications = modifications;
        this.names = names;
        this.listener = listener;
    }

    Path directory() {
        return directory;
    }

    /** Whether modifications of entries (not only their creation) matter. */
    boolean modifications() {
        return modifications;
    }

    DirectoryWatcher.Listener listener() {
        return listener;
    }

    /** Whether an event for {@code name} (a modification or a creation) passes this registration's filter. */
    boolean wants(String name, boolean modification) {
        return (!modification || modifications) && names.test(name);
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

    /** The directory's key is gone (the directory was deleted, or watched anew): anything may have changed. */
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
}
