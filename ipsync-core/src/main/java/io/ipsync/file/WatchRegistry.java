package io.ipsync.file;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link NotificationSource} of the JDK's {@link WatchService} (on Linux the JDK reads inotify
 * in a thread of its own, and hands each notification to the waiting thread): one watch (one
 * {@link WatchedDirectory}) per directory however many registrations share it, and a service that
 * exists only while something is registered (it costs a file descriptor and a thread of the
 * JDK's, so it is closed with the last registration and opened again for the next).
 *
 * <p>The watch service reports renames into a directory as creations, so a
 * {@link WatchInterest#RENAMED_IN} registration is watched as {@link WatchInterest#CREATED}; it
 * reports every write as a modification.
 *
 * <p>Thread-safe: every change happens under one lock, which is never held while a listener is
 * called or while waiting for a notification.
 */
final class WatchRegistry implements NotificationSource, WatchRegistration.Host {

    private static final Logger log = LoggerFactory.getLogger(WatchRegistry.class);

    private final FileSystem fileSystem;

    /** Told after every attach that succeeded, outside the lock: threads already waiting may now take notifications. */
    private final Runnable onWatching;

    private final Object lock = new Object();

    /**
     * Written under {@link #lock}; null while nothing is registered. Volatile for the leader,
     * which reads it without the lock.
     */
    private volatile WatchService service;

    /** Guarded by {@link #lock}. */
    private final Map<Path, WatchedDirectory<WatchKey>> byDirectory = new HashMap<>();

    /** Guarded by {@link #lock}. */
    private final Map<WatchKey, WatchedDirectory<WatchKey>> byKey = new HashMap<>();

    /** The leader's wait on the watch service, which a {@link #nudge} ends early. */
    private final NudgeablePoll leaderPoll = new NudgeablePoll();

    /** See {@link #deliveries()}; written by the one thread that takes notifications at a time. */
    private final AtomicLong taken = new AtomicLong();

    private final AtomicLong empty = new AtomicLong();

    WatchRegistry(FileSystem fileSystem, Runnable onWatching) {
        this.fileSystem = fileSystem;
        this.onWatching = onWatching;
    }

    @Override
    public String kind() {
        return JDK;
    }

    @Override
    public DirectoryWatcher.Registration register(Path directory, WatchInterest interest, Predicate<String> names,
            DirectoryWatcher.Listener listener) {
        WatchRegistration registration = new WatchRegistration(this, directory.toAbsolutePath().normalize(), interest,
                names, listener);
        registration.renew();
        return registration;
    }

    @Override
    public Deliveries deliveries() {
        return new Deliveries(taken.get(), empty.get());
    }

    @Override
    public boolean isWatching() {
        return service != null;
    }

    @Override
    public boolean takeAndDeliver(ChangeCounter counter, long seen, long timeoutNanos) throws InterruptedException {
        WatchService taking = service;
        if (taking == null) {
            return false;
        }
        try {
            takeAll(taking, leaderPoll.poll(taking, counter, seen, timeoutNanos));
            return true;
        } catch (ClosedWatchServiceException closed) {
            // The last registration was closed meanwhile: nothing more comes from this service.
            return false;
        }
    }

    @Override
    public void deliverPending() {
        WatchService taking = service;
        if (taking == null) {
            return;
        }
        try {
            takeAll(taking, taking.poll());
        } catch (ClosedWatchServiceException closed) {
            // Nothing more comes from this service.
        }
    }

    /** Delivers {@code first}, if not null, and every key that is ready after it. */
    private void takeAll(WatchService taking, WatchKey first) {
        if (first == null) {
            return;
        }
        boolean told = false;
        for (WatchKey key = first; key != null; key = taking.poll()) {
            told |= handle(key);
        }
        taken.incrementAndGet();
        if (!told) {
            empty.incrementAndGet();
        }
    }

    @Override
    public void nudge(ChangeCounter counter) {
        leaderPoll.nudge(counter);
    }

    @Override
    public boolean attach(WatchRegistration registration) {
        List<WatchRegistration> stranded = List.of();
        try {
            synchronized (lock) {
                try {
                    if (service == null) {
                        service = fileSystem.newWatchService();
                    }
                    WatchedDirectory<WatchKey> watched = byDirectory.get(registration.directory());
                    if (watched == null || !watched.handle().isValid()) {
                        if (watched != null) {
                            // The directory went away and nobody has taken its key's last notification yet; once
                            // forgotten, that notification would reach nobody: its registrations hear of it here.
                            forget(watched);
                            stranded = new ArrayList<>(watched.registrations());
                            stranded.remove(registration);
                        }
                        WatchKey key = registration.directory().register(service, kinds(registration.interest()));
                        watched = new WatchedDirectory<>(registration.directory(), key, registration.interest());
                        byDirectory.put(watched.directory(), watched);
                        byKey.put(key, watched);
                    } else if (watched.interest() != watched.interest().widest(registration.interest())) {
                        // Registering the directory again with the same service changes the kinds of its key.
                        WatchInterest wider = watched.interest().widest(registration.interest());
                        registration.directory().register(service, kinds(wider));
                        watched.widenTo(wider);
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

    private static WatchEvent.Kind<?>[] kinds(WatchInterest interest) {
        return interest == WatchInterest.MODIFIED
                ? new WatchEvent.Kind<?>[] {StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY}
                : new WatchEvent.Kind<?>[] {StandardWatchEventKinds.ENTRY_CREATE};
    }

    @Override
    public void detach(WatchRegistration registration) {
        synchronized (lock) {
            WatchedDirectory<WatchKey> watched = byDirectory.get(registration.directory());
            if (watched != null && watched.remove(registration) && watched.isUnused()) {
                watched.handle().cancel();
                forget(watched);
            }
            closeServiceIfUnused();
        }
    }

    /** {@code false} once the JDK has seen the directory go, even before anybody took that notification. */
    @Override
    public boolean holdsValidWatch(Path directory) {
        synchronized (lock) {
            WatchedDirectory<WatchKey> watched = byDirectory.get(directory.toAbsolutePath().normalize());
            return watched != null && watched.handle().isValid();
        }
    }

    /**
     * Delivers one key's events, then makes the key ready for more (delivery first keeps their
     * order; and the key is made ready even when a listener throws, or the directory would be
     * heard of no more). Called by the one thread that takes notifications at a time.
     *
     * @return whether any listener was told anything
     */
    private boolean handle(WatchKey key) {
        WatchedDirectory<WatchKey> watched;
        synchronized (lock) {
            watched = byKey.get(key);
        }
        try {
            List<WatchEvent<?>> events = key.pollEvents();
            return watched != null && deliver(watched, events);
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

    /** After an overflow every registration re-checks: anything may have been missed. */
    private static boolean deliver(WatchedDirectory<WatchKey> watched, List<WatchEvent<?>> events) {
        List<String> names = new ArrayList<>(events.size());
        List<WatchInterest> kinds = new ArrayList<>(events.size());
        for (WatchEvent<?> event : events) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                return watched.deliverLoss();
            }
            names.add(((Path) event.context()).toString());
            kinds.add(event.kind() == StandardWatchEventKinds.ENTRY_MODIFY ? WatchInterest.MODIFIED : WatchInterest.CREATED);
        }
        return watched.deliver(names, kinds);
    }

    /** Holds {@link #lock}. */
    private void forget(WatchedDirectory<WatchKey> watched) {
        byDirectory.remove(watched.directory(), watched);
        byKey.remove(watched.handle(), watched);
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
