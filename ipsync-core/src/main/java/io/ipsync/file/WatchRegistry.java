package io.ipsync.file;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK {@link WatchService} of a {@link DirectoryWatcher} and what is watched through it: one
 * watch (one {@link WatchedDirectory}) per directory however many registrations share it, and a
 * service that exists only while something is registered (it costs a file descriptor and a
 * thread of the JDK's, so it is closed with the last registration and opened again for the next).
 *
 * <p>The registry takes no notifications itself: whichever thread the {@link DirectoryWatcher}
 * lets take them from {@link #currentService()} hands each key to {@link #handle(WatchKey)}.
 *
 * <p>Thread-safe: every change happens under one lock, which is never held while a listener is
 * called or while waiting for a notification.
 */
final class WatchRegistry {

    private static final Logger log = LoggerFactory.getLogger(WatchRegistry.class);

    private final FileSystem fileSystem;

    /** Told after every attach that succeeded, outside the lock: threads already waiting may now take notifications. */
    private final Runnable onWatching;

    private final Object lock = new Object();

    /**
     * Written under {@link #lock}; null while nothing is registered. Volatile for
     * {@link #currentService()}, which the waiting threads read without the lock.
     */
    private volatile WatchService service;

    /** Guarded by {@link #lock}. */
    private final Map<Path, WatchedDirectory> byDirectory = new HashMap<>();

    /** Guarded by {@link #lock}. */
    private final Map<WatchKey, WatchedDirectory> byKey = new HashMap<>();

    WatchRegistry(FileSystem fileSystem, Runnable onWatching) {
        this.fileSystem = fileSystem;
        this.onWatching = onWatching;
    }

    /** A registration for {@code directory}, attached if the directory can be watched now (see {@link DirectoryWatcher#register}). */
    DirectoryWatcher.Registration register(Path directory, boolean modifications, Predicate<String> names,
            DirectoryWatcher.Listener listener) {
        WatchRegistration registration = new WatchRegistration(this, directory.toAbsolutePath().normalize(), modifications,
                names, listener);
        registration.renew();
        return registration;
    }

    /**
     * The watch service to take notifications from, or {@code null} while nothing is watched. It
     * may be closed by the time it is used: a {@link java.nio.file.ClosedWatchServiceException}
     * then means nothing more comes from it.
     */
    WatchService currentService() {
        return service;
    }

    /**
     * Adds the registration to its directory's watch, watching the directory first if need be.
     * Attaching a registration that is attached already changes nothing (several of a channel's
     * threads may renew it at once).
     *
     * @return whether the registration now hears of changes
     */
    boolean attach(WatchRegistration registration) {
        List<WatchRegistration> stranded = List.of();
        try {
            synchronized (lock) {
                try {
                    if (service == null) {
                        service = fileSystem.newWatchService();
                    }
                    WatchedDirectory watched = byDirectory.get(registration.directory());
                    if (watched == null || !watched.key().isValid()) {
                        if (watched != null) {
                            // The directory went away and nobody has taken its key's last notification yet; once
                            // forgotten, that notification would reach nobody: its registrations hear of it here.
                            forget(watched);
                            stranded = new ArrayList<>(watched.registrations());
                            stranded.remove(registration);
                        }
                        watched = WatchedDirectory.watch(registration.directory(), service, registration.modifications());
                        byDirectory.put(watched.directory(), watched);
                        byKey.put(watched.key(), watched);
                    } else if (registration.modifications()) {
                        watched.watchModificationsToo(service);
                    }
                    watched.add(registration);
                    // Under the lock: an attach that strands this registration later tells it after its own lock.
                    registration.markActive();
                } catch (IOException | RuntimeException e) {
                    log.debug("Cannot watch {} ({}); relying on polling until it can be watched", registration.directory(),
                            e.toString());
                    closeServiceIfUnused();
                    return false;
                }
            }
            onWatching.run();
            return true;
        } finally {
            stranded.forEach(WatchRegistration::onInvalidated);
        }
    }

    void detach(WatchRegistration registration) {
        synchronized (lock) {
            WatchedDirectory watched = byDirectory.get(registration.directory());
            if (watched != null && watched.remove(registration) && watched.isUnused()) {
                watched.key().cancel();
                forget(watched);
            }
            closeServiceIfUnused();
        }
    }

    /**
     * Whether {@code directory} is watched through a key the JDK still holds valid: {@code false}
     * once the JDK has seen the directory go, even before anybody took that notification (tests).
     */
    boolean holdsValidKey(Path directory) {
        synchronized (lock) {
            WatchedDirectory watched = byDirectory.get(directory.toAbsolutePath().normalize());
            return watched != null && watched.key().isValid();
        }
    }

    /**
     * Delivers one key's events, then makes the key ready for more (delivery first keeps their
     * order; and the key is made ready even when a listener throws, or the directory would be
     * heard of no more). Called by the one thread that takes notifications at a time.
     */
    void handle(WatchKey key) {
        WatchedDirectory watched;
        synchronized (lock) {
            watched = byKey.get(key);
        }
        try {
            List<WatchEvent<?>> events = key.pollEvents();
            if (watched != null) {
                watched.deliver(events);
            }
        } finally {
            if (!key.reset() && watched != null) {
                // The directory is gone (deleted, unmounted): let everyone re-check and re-register.
                synchronized (lock) {
                    forget(watched);
                }
                watched.registrations().forEach(WatchRegistration::onInvalidated);
            }
        }
    }

    /** Holds {@link #lock}. */
    private void forget(WatchedDirectory watched) {
        byDirectory.remove(watched.directory(), watched);
        byKey.remove(watched.key(), watched);
    }

    /** Holds {@link #lock}. */
    private void closeServiceIfUnused() {
        if (byDirectory.isEmpty() && service != null) {
            try {
                service.close();
            } catch (IOException e) {
                log.debug("Closing the watch service failed", e);
            }
            service = null;
        }
    }
}
