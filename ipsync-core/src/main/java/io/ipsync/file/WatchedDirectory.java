package io.ipsync.file;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One directory watched through one handle of a {@link NotificationSource} (a JDK
 * {@link java.nio.file.WatchKey}, an inotify watch descriptor) for one or more registrations,
 * and the delivery of what it hears to those whose filters it passes.
 *
 * <p>Thread-safe for delivery: the registrations are a copy-on-write list, so a delivery runs
 * over the registrations of one moment while others attach or detach. Everything else is
 * guarded by the lock of the source that holds it.
 *
 * @param <H> the source's handle of the watch
 */
final class WatchedDirectory<H> {

    private static final Logger log = LoggerFactory.getLogger(WatchedDirectory.class);

    private final Path directory;

    private final H handle;

    /** What the handle reports: the widest interest of any registration so far (it never narrows). */
    private WatchInterest interest;

    /** Each registration at most once (see {@link WatchRegistration.Host#attach}). */
    private final CopyOnWriteArrayList<WatchRegistration> registrations = new CopyOnWriteArrayList<>();

    WatchedDirectory(Path directory, H handle, WatchInterest interest) {
        this.directory = directory;
        this.handle = handle;
        this.interest = interest;
    }

    Path directory() {
        return directory;
    }

    H handle() {
        return handle;
    }

    WatchInterest interest() {
        return interest;
    }

    /** Records that the handle now reports {@code wider} too (the source has made it so). */
    void widenTo(WatchInterest wider) {
        interest = interest.widest(wider);
    }

    /** The registrations now, a snapshot. */
    List<WatchRegistration> registrations() {
        return List.copyOf(registrations);
    }

    void add(WatchRegistration registration) {
        registrations.addIfAbsent(registration);
    }

    /** @return whether it was one of this directory's */
    boolean remove(WatchRegistration registration) {
        return registrations.remove(registration);
    }

    boolean isUnused() {
        return registrations.isEmpty();
    }

    /**
     * Tells each registration the names among {@code names} that pass its filter, in the order
     * given; {@code kinds} holds the kind of each. A listener that throws is logged; the others
     * are still told.
     *
     * @return whether any registration was told anything
     */
    boolean deliver(List<String> names, List<WatchInterest> kinds) {
        Map<WatchRegistration, List<String>> toNotify = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            WatchInterest kind = kinds.get(i);
            for (WatchRegistration registration : registrations) {
                if (registration.wants(name, kind)) {
                    toNotify.computeIfAbsent(registration, r -> new ArrayList<>()).add(name);
                }
            }
        }
        toNotify.forEach((registration, heard) -> {
            try {
                registration.listener().changed(heard);
            } catch (RuntimeException e) {
                log.warn("A change listener for {} failed", directory, e);
            }
        });
        return !toNotify.isEmpty();
    }

    /**
     * Tells every registration that notifications were lost (an overflow): anything may have changed.
     *
     * @return whether there was any registration to tell
     */
    boolean deliverLoss() {
        for (WatchRegistration registration : registrations) {
            try {
                registration.listener().lost();
            } catch (RuntimeException e) {
                log.warn("A change listener for {} failed", directory, e);
            }
        }
        return !registrations.isEmpty();
    }
}
