package io.ipsync.file;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One directory watched through one {@link WatchKey} for one or more registrations, and the
 * delivery of that key's events to those whose filters they pass.
 *
 * <p>Thread-safe for delivery: the registrations are a copy-on-write list, so a delivery runs
 * over the registrations of one moment while others attach or detach. Everything else is
 * guarded by the lock of the {@link WatchRegistry} that holds it.
 */
final class WatchedDirectory {

    private static final Logger log = LoggerFactory.getLogger(WatchedDirectory.class);

    private final Path directory;

    private final WatchKey key;

    /** Whether the key also reports modifications; guarded by the registry's lock. */
    private boolean modifications;

    /** Each registration at most once (see {@link WatchRegistry#attach}). */
    private final CopyOnWriteArrayList<WatchRegistration> registrations = new CopyOnWriteArrayList<>();

    private WatchedDirectory(Path directory, WatchKey key, boolean modifications) {
        this.directory = directory;
        this.key = key;
        this.modifications = modifications;
    }

    /** Watches {@code directory} through {@code service} for creations, and modifications where asked for. */
    static WatchedDirectory watch(Path directory, WatchService service, boolean modifications) throws IOException {
        return new WatchedDirectory(directory, directory.register(service, kinds(modifications)), modifications);
    }

    /**
     * Makes the key report modifications too, if it does not yet (registering the directory again
     * with the same service changes the kinds of its key).
     */
    void watchModificationsToo(WatchService service) throws IOException {
        if (!modifications) {
            directory.register(service, kinds(true));
            modifications = true;
        }
    }

    private static WatchEvent.Kind<?>[] kinds(boolean modifications) {
        return modifications
                ? new WatchEvent.Kind<?>[] {StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY}
                : new WatchEvent.Kind<?>[] {StandardWatchEventKinds.ENTRY_CREATE};
    }

    Path directory() {
        return directory;
    }

    WatchKey key() {
        return key;
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
     * Tells each registration the names among {@code events} that pass its filter, in the order
     * the events came, or that notifications may have been lost (after an overflow, every
     * registration). A listener that throws is logged; the others are still told.
     */
    void deliver(List<WatchEvent<?>> events) {
        Map<WatchRegistration, List<String>> toNotify = new LinkedHashMap<>();
        boolean overflow = false;
        for (WatchEvent<?> event : events) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                overflow = true;
                break;
            }
            boolean modification = event.kind() == StandardWatchEventKinds.ENTRY_MODIFY;
            String name = ((Path) event.context()).toString();
            for (WatchRegistration registration : registrations) {
                if (registration.wants(name, modification)) {
                    toNotify.computeIfAbsent(registration, r -> new ArrayList<>()).add(name);
                }
            }
        }
        for (WatchRegistration registration : overflow ? registrations : toNotify.keySet()) {
            try {
                if (overflow) {
                    registration.listener().lost();
                } else {
                    registration.listener().changed(toNotify.get(registration));
                }
            } catch (RuntimeException e) {
                log.warn("A change listener for {} failed", directory, e);
            }
        }
    }
}
