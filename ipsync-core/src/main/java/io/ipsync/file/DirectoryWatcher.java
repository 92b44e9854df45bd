package io.ipsync.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns file-system notifications (the JDK {@link WatchService}, inotify on Linux) into calls of
 * listeners registered per directory.
 *
 * <p>One instance serves the whole JVM, because a watch service costs a file descriptor and a
 * thread of the JDK's: it holds one watch per directory however many channels share it, and it
 * exists only while something is registered (the service is closed when the last registration
 * is).
 *
 * <h2>Who takes the notifications</h2>
 * ipsync has no thread of its own for them: the threads that wait take them. Of the threads
 * waiting in {@link #awaitChange} at one time, one, the <em>leader</em>, blocks on the watch
 * service and delivers whatever it takes to every registration, for any directory; the others,
 * the <em>followers</em>, wait on their own {@link ChangeCounter} and are woken by the leader's
 * deliveries. A notification for the leader's own channel therefore wakes the leader directly,
 * with no dispatcher thread in between (one hand-off less: less latency and CPU; a process with
 * one waiting consumer thread always works this way); one for a follower's channel wakes the
 * leader and then the follower, as a dispatcher would. A leader that returns passes the role on
 * to the longest-waiting follower, which goes on waiting as the leader (its caller sees no
 * wake-up). A leader whose counter moves by something other than a notification (a stop, a
 * message given back) is {@linkplain #nudge nudged} out of the watch service by an interrupt
 * that it tells apart from its owner's. While nobody waits, notifications queue up in the JDK and
 * are delivered by the next thread that waits, or that begins a wait
 * ({@link #deliverPending()}); the JDK keeps 512 events per directory and then reports an
 * overflow, after which every listener re-checks in full.
 *
 * <p>Notifications are hints, never the only source of truth: they can overflow, arrive late,
 * or not exist at all (some network and container file systems). Every waiter therefore also
 * re-checks on its poll interval. Listeners run on whichever thread delivers and must only
 * record that something changed (for example {@link ChangeCounter#increment()}), quickly and
 * without taking locks that a waiting thread may hold.
 *
 * <p>Thread-safe.
 */
final class DirectoryWatcher {

    private static final Logger log = LoggerFactory.getLogger(DirectoryWatcher.class);

    private static final DirectoryWatcher SHARED = new DirectoryWatcher(FileSystems.getDefault());

    private final FileSystem fileSystem;

    private final Object lock = new Object();

    /** Guarded by {@link #lock}; null while nothing is registered. */
    private WatchService service;

    /** Guarded by {@link #lock}. */
    private final Map<Path, WatchedDirectory> byDirectory = new HashMap<>();

    /** Guarded by {@link #lock}. */
    private final Map<WatchKey, WatchedDirectory> byKey = new HashMap<>();

    /**
     * The thread taking notifications from {@link #service}, or null. Written under
     * {@link #lock}; volatile for {@link #deliverPending()}'s look before it locks.
     */
    private volatile Thread leader;

    /**
     * Waiting threads that are not the leader, with the counter each waits on, in the order they
     * began to wait; guarded by {@link #lock}.
     */
    private final Map<Thread, ChangeCounter> followers = new LinkedHashMap<>();

    /**
     * The follower asked to lead next, woken through its counter; it takes over unless a leader
     * came first. Written under {@link #lock}, read by that follower without it.
     */
    private volatile Thread promoted;

    /** The counter the leader waits to see move; guarded by {@link #lock}. */
    private ChangeCounter leaderCounter;

    /** Whether the leader is blocked on the watch service, where only an interrupt reaches it; guarded by {@link #lock}. */
    private boolean leaderPolling;

    /** Whether the leader was interrupted by {@link #nudge}, not by its owner; guarded by {@link #lock}. */
    private boolean leaderNudged;

    DirectoryWatcher(FileSystem fileSystem) {
        this.fileSystem = fileSystem;
    }

    /** The watcher of the default file system, shared by every channel in this JVM. */
    static DirectoryWatcher shared() {
        return SHARED;
    }

    /**
     * Calls {@code onChange} whenever an entry of {@code directory} whose name passes
     * {@code names} is created (also by a rename into the directory) or, where
     * {@code modifications} is set, modified; and after an overflow, when anything may have
     * been missed.
     *
     * <p>Never fails: where the directory cannot be watched (it does not exist yet, or the
     * system's watch limit is reached), the registration is inactive and
     * {@link Registration#renew()} tries again later; the caller's polling covers the gap.
     */
    Registration register(Path directory, boolean modifications, Predicate<String> names, Runnable onChange) {
        return register(directory, modifications, names, new Listener() {
            @Override
            public void changed(List<String> names) {
                onChange.run();
            }

            @Override
            public void lost() {
                onChange.run();
            }
        });
    }

    /**
     * Like {@link #register(Path, boolean, Predicate, Runnable)}, telling {@code listener} the
     * names too, and when notifications may have been lost.
     */
    Registration register(Path directory, boolean modifications, Predicate<String> names, Listener listener) {
        Registration registration = new Registration(directory.toAbsolutePath().normalize(), modifications, names, listener);
        registration.renew();
        return registration;
    }

    /**
     * Adds the registration to its directory's watch, watching the directory first if need be.
     * Attaching a registration that is attached already changes nothing (several of a channel's
     * threads may renew it at once).
     *
     * @return whether the registration now hears of changes
     */
    private boolean attach(Registration registration) {
        List<Registration> stranded = List.of();
        try {
            synchronized (lock) {
                try {
                    if (service == null) {
                        service = fileSystem.newWatchService();
                    }
                    WatchedDirectory watched = byDirectory.get(registration.directory);
                    if (watched == null || !watched.key.isValid()) {
                        if (watched != null) {
                            // The directory went away and nobody has taken its key's last notification yet; once
                            // forgotten, that notification would reach nobody: its registrations hear of it here.
                            forget(watched);
                            stranded = new ArrayList<>(watched.registrations);
                            stranded.remove(registration);
                        }
                        WatchKey key = registration.directory.register(service, kinds(registration.modifications));
                        watched = new WatchedDirectory(registration.directory, key, registration.modifications);
                        byDirectory.put(registration.directory, watched);
                        byKey.put(key, watched);
                    } else if (registration.modifications && !watched.modifications) {
                        registration.directory.register(service, kinds(true));
                        watched.modifications = true;
                    }
                    watched.registrations.addIfAbsent(registration);
                    // Under the lock: an attach that strands this registration later tells it after its own lock.
                    registration.active = true;
                    if (leader == null && promoted == null) {
                        // Threads that began to wait while nothing was watched: one of them takes the notifications now.
                        ChangeCounter next = promoteFirstFollower();
                        if (next != null) {
                            next.wakeWaiters();
                        }
                    }
                    return true;
                } catch (IOException | RuntimeException e) {
                    log.debug("Cannot watch {} ({}); relying on polling until it can be watched", registration.directory,
                            e.toString());
                    closeServiceIfUnused();
                    return false;
                }
            }
        } finally {
            stranded.forEach(Registration::onInvalidated);
        }
    }

    /**
     * Whether {@code directory} is watched through a key the JDK still holds valid: {@code false}
     * once the JDK has seen the directory go, even before anybody took that notification (tests).
     */
    boolean holdsValidKey(Path directory) {
        synchronized (lock) {
            WatchedDirectory watched = byDirectory.get(directory.toAbsolutePath().normalize());
            return watched != null && watched.key.isValid();
        }
    }

    private void detach(Registration registration) {
        synchronized (lock) {
            WatchedDirectory watched = byDirectory.get(registration.directory);
            if (watched != null && watched.registrations.remove(registration) && watched.registrations.isEmpty()) {
                watched.key.cancel();
                forget(watched);
            }
            closeServiceIfUnused();
        }
    }

    private void forget(WatchedDirectory watched) {
        byDirectory.remove(watched.directory, watched);
        byKey.remove(watched.key, watched);
    }

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

    /**
     * Waits until {@code counter} moves past {@code seen} or the timeout passes, taking and
     * delivering notifications meanwhile when no other thread does (see the class comment).
     *
     * @return whether the counter moved
     */
    boolean awaitChange(ChangeCounter counter, long seen, long timeoutNanos) throws InterruptedException {
        Thread me = Thread.currentThread();
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            WatchService leading;
            synchronized (lock) {
                leading = leader == null ? service : null;
                if (promoted == me) {
                    // Asked to lead: done below, or another thread was quicker and asks again when it returns.
                    promoted = null;
                }
                if (leading != null) {
                    leader = me;
                    leaderCounter = counter;
                    followers.remove(me);
                } else {
                    // Also while nothing is watched: a registration that attaches later asks a follower to lead.
                    followers.putIfAbsent(me, counter);
                }
            }
            long remaining = deadline - System.nanoTime();
            if (leading != null) {
                try {
                    return lead(leading, counter, seen, remaining);
                } finally {
                    resign();
                }
            }
            boolean changed = false;
            boolean promotedToLead = false;
            try {
                changed = counter.awaitChange(seen, remaining, () -> promoted == me);
                promotedToLead = !changed && promoted == me;
            } finally {
                if (!promotedToLead) {
                    stopFollowing(me);
                }
            }
            if (!promotedToLead) {
                return changed;
            }
        }
    }

    /**
     * The leader's wait: takes notifications until its own counter moves or the timeout passes.
     * Its counter can also move by something other than a notification (a
     * {@link ChangeWaiter#wakeUpWaiters()}, a message given back): that {@link #nudge}s it out of
     * the watch service, the only way to end a wait there early.
     */
    private boolean lead(WatchService leading, ChangeCounter counter, long seen, long timeoutNanos)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            while (counter.current() == seen) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                WatchKey key = pollNudgeably(leading, counter, seen, remaining);
                while (key != null) {
                    handle(key);
                    key = leading.poll();
                }
            }
            return true;
        } catch (ClosedWatchServiceException closed) {
            // The last registration was closed meanwhile: nothing more comes from this service.
            return counter.current() != seen;
        }
    }

    /**
     * Waits on the watch service for a key, or until {@link #nudge}d (then {@code null}). An
     * interrupt that is no nudge is the owner's, and ends the wait with an
     * {@link InterruptedException} as it always does. (An owner's interrupt that lands in the
     * same poll as a nudge cannot be told from it: the wait then ends as nudged and the interrupt
     * status is cleared. Stops, the usual source of both, also end the owner's loop by a flag.)
     */
    private WatchKey pollNudgeably(WatchService leading, ChangeCounter counter, long seen, long timeoutNanos)
            throws InterruptedException {
        synchronized (lock) {
            leaderPolling = true;
        }
        boolean interrupted = false;
        try {
            // A nudge given before the line above found the leader not polling, and sent no interrupt:
            // the counter has moved already, which this look sees.
            if (counter.current() != seen) {
                return null;
            }
            return leading.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
            if (!endPoll()) {
                throw e;
            }
            return null;
        } finally {
            if (!interrupted && endPoll()) {
                // The nudge's interrupt came after the wait ended: it is ours, not the owner's.
                Thread.interrupted();
            }
        }
    }

    /**
     * Marks the leader's poll as over (nudges no longer interrupt it).
     *
     * @return whether it was nudged meanwhile (the nudge is then used up)
     */
    private boolean endPoll() {
        synchronized (lock) {
            leaderPolling = false;
            boolean nudged = leaderNudged;
            leaderNudged = false;
            return nudged;
        }
    }

    /**
     * Tells the leader, if it waits for {@code counter}, that the counter moved by something other
     * than a notification, so that it returns now instead of at its next notification or timeout.
     * Call after moving the counter.
     */
    void nudge(ChangeCounter counter) {
        synchronized (lock) {
            if (leader != null && leaderCounter == counter && leaderPolling && !leaderNudged) {
                leaderNudged = true;
                leader.interrupt();
            }
        }
    }

    /** Gives up leading and has the longest-waiting follower, if any, take over. */
    private void resign() {
        ChangeCounter next;
        synchronized (lock) {
            leader = null;
            leaderCounter = null;
            next = promoteFirstFollower();
        }
        if (next != null) {
            next.wakeWaiters();
        }
    }

    /** A follower stops waiting; had it just been asked to lead, the next follower is asked instead. */
    private void stopFollowing(Thread me) {
        ChangeCounter next = null;
        synchronized (lock) {
            followers.remove(me);
            if (promoted == me) {
                promoted = null;
                if (leader == null) {
                    next = promoteFirstFollower();
                }
            }
        }
        if (next != null) {
            next.wakeWaiters();
        }
    }

    /** Names the longest-waiting follower as the next leader; returns the counter to wake it by. Holds {@link #lock}. */
    private ChangeCounter promoteFirstFollower() {
        if (followers.isEmpty()) {
            return null;
        }
        Map.Entry<Thread, ChangeCounter> first = followers.entrySet().iterator().next();
        promoted = first.getKey();
        return first.getValue();
    }

    /**
     * Delivers the notifications that wait in the watch service, unless a leader is taking them
     * anyway. Cheap when there are none; never waits for a notification.
     */
    void deliverPending() {
        if (leader != null) {
            return;
        }
        WatchService taking;
        synchronized (lock) {
            if (leader != null || service == null) {
                return;
            }
            taking = service;
            leader = Thread.currentThread();
        }
        try {
            WatchKey key;
            while ((key = taking.poll()) != null) {
                handle(key);
            }
        } catch (ClosedWatchServiceException closed) {
            // Nothing more comes from this service.
        } finally {
            resign();
        }
    }

    /**
     * Delivers one key's events, then makes the key ready for more (delivery first keeps their
     * order; and the key is made ready even when a listener throws, or the directory would be
     * heard of no more).
     */
    private void handle(WatchKey key) {
        WatchedDirectory watched;
        synchronized (lock) {
            watched = byKey.get(key);
        }
        try {
            List<WatchEvent<?>> events = key.pollEvents();
            if (watched != null) {
                deliver(watched, events);
            }
        } finally {
            if (!key.reset() && watched != null) {
                // The directory is gone (deleted, unmounted): let everyone re-check and re-register.
                synchronized (lock) {
                    forget(watched);
                }
                watched.registrations.forEach(registration -> registration.onInvalidated());
            }
        }
    }

    private static void deliver(WatchedDirectory watched, List<WatchEvent<?>> events) {
        Map<Registration, List<String>> toNotify = new LinkedHashMap<>();
        boolean overflow = false;
        for (WatchEvent<?> event : events) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                overflow = true;
                break;
            }
            boolean modification = event.kind() == StandardWatchEventKinds.ENTRY_MODIFY;
            String name = ((Path) event.context()).toString();
            for (Registration registration : watched.registrations) {
                if ((!modification || registration.modifications) && registration.names.test(name)) {
                    toNotify.computeIfAbsent(registration, r -> new ArrayList<>()).add(name);
                }
            }
        }
        for (Registration registration : overflow ? watched.registrations : toNotify.keySet()) {
            try {
                if (overflow) {
                    registration.listener.lost();
                } else {
                    registration.listener.changed(toNotify.get(registration));
                }
            } catch (RuntimeException e) {
                log.warn("A change listener for {} failed", watched.directory, e);
            }
        }
    }

    private static WatchEvent.Kind<?>[] kinds(boolean modifications) {
        return modifications
                ? new WatchEvent.Kind<?>[] {StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY}
                : new WatchEvent.Kind<?>[] {StandardWatchEventKinds.ENTRY_CREATE};
    }

    /** One directory watched for one or more registrations. */
    private static final class WatchedDirectory {

        final Path directory;

        final WatchKey key;

        /** Whether the key also reports modifications; guarded by the watcher's lock. */
        boolean modifications;

        /** Each registration at most once (see {@link DirectoryWatcher#attach}). */
        final CopyOnWriteArrayList<Registration> registrations = new CopyOnWriteArrayList<>();

        WatchedDirectory(Path directory, WatchKey key, boolean modifications) {
            this.directory = directory;
            this.key = key;
            this.modifications = modifications;
        }
    }

    /**
     * What a registration hears. Called on whichever thread delivers notifications (see the
     * class comment): implementations only record what they heard, quickly, and never block.
     */
    interface Listener {

        /**
         * Entries that pass the registration's filter were created (also by a rename into the
         * directory) or, where asked for, modified: their names, in the order the notifications
         * came, which for creations is the order the entries appeared in.
         */
        void changed(List<String> names);

        /**
         * Notifications may have been lost: an overflow, or the directory went away. Anything may
         * have changed since the last notification.
         */
        void lost();
    }

    /** One listener's interest in one directory. Close it to stop the notifications. */
    final class Registration implements Closeable {

        private final Path directory;

        private final boolean modifications;

        private final Predicate<String> names;

        private final Listener listener;

        private volatile boolean active;

        private volatile boolean closed;

        private Registration(Path directory, boolean modifications, Predicate<String> names, Listener listener) {
            this.directory = directory;
            this.modifications = modifications;
            this.names = names;
            this.listener = listener;
        }

        /** Whether notifications currently arrive for this registration. */
        boolean isActive() {
            return active;
        }

        /** Tries again to watch the directory if it is not watched (for example it was re-created). */
        void renew() {
            if (!active && !closed) {
                attach(this); // sets active when it succeeds
                if (active && closed) {
                    detach(this);
                    active = false;
                }
            }
        }

        private void onInvalidated() {
            active = false;
            listener.lost();
        }

        @Override
        public void close() {
            closed = true;
            active = false;
            detach(this);
        }
    }
}
