package io.ipsync.file;

import java.io.Closeable;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Turns file-system notifications into calls of listeners registered per directory.
 *
 * <p>One instance serves the whole JVM, because a source of notifications costs a file
 * descriptor (and, for the JDK's watch service, a thread of the JDK's). What is watched, and the
 * source's lifetime, are kept by its {@link NotificationSource}, which
 * {@link NotificationSources} chooses: inotify read by the waiting thread itself through the FFM
 * API on Java 22+ where native access is enabled, the JDK's watch service otherwise. This class
 * decides which thread takes the notifications.
 *
 * <h2>Who takes the notifications</h2>
 * ipsync has no thread of its own for them: the threads that wait take them. Of the threads
 * waiting in {@link #awaitChange} at one time, one, the <em>leader</em>, blocks on the watch
 * service and delivers whatever it takes to every registration, for any directory; the others,
 * the <em>followers</em>, wait on their own {@link ChangeCounter} and are woken by the leader's
 * deliveries. A notification for the leader's own channel therefore wakes the leader directly,
 * with no dispatcher thread of ipsync's in between (with inotify through FFM, with no thread at
 * all in between: the leader blocks in {@code poll(2)} on the inotify descriptor itself) (one hand-off less: less latency and CPU; a process with
 * one waiting consumer thread always works this way); one for a follower's channel wakes the
 * leader and then the follower, as a dispatcher would. A leader that returns passes the role on
 * to the longest-waiting follower, which goes on waiting as the leader (its caller sees no
 * wake-up). A leader whose counter moves by something other than a notification (a stop, a
 * message given back) is {@linkplain #nudge nudged} out of its wait by the source (an interrupt
 * that it tells apart from its owner's, {@link NudgeablePoll}, or a write to an eventfd). While
 * nobody waits, notifications queue up (in the JDK, or the kernel) and are delivered by the next
 * thread that waits, or that begins a wait ({@link #deliverPending()}); the JDK keeps 512 events
 * per directory, the kernel {@code /proc/sys/fs/inotify/max_queued_events} per descriptor, and
 * then reports an overflow, after which every listener re-checks in full.
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

    private static final DirectoryWatcher SHARED = new DirectoryWatcher(FileSystems.getDefault());

    private final NotificationSource source;

    /** Guards the roles below, never held while taking a notification or calling a listener. */
    private final Object lock = new Object();

    /**
     * The thread taking notifications from the source, or null. Written under
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

    DirectoryWatcher(FileSystem fileSystem) {
        this.source = NotificationSources.create(fileSystem, this::askAFollowerToLeadIfNobodyDoes);
    }

    /** The watcher of the default file system, shared by every channel in this JVM. */
    static DirectoryWatcher shared() {
        return SHARED;
    }

    /** {@code jdk} or {@code native}: where this watcher's notifications come from ({@link NotificationSource#kind()}). */
    String sourceKind() {
        return source.kind();
    }

    /** How often notifications were delivered, and how often that told no listener anything ({@link NotificationSource#deliveries()}). */
    NotificationSource.Deliveries deliveries() {
        return source.deliveries();
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
        return register(directory, modifications ? WatchInterest.MODIFIED : WatchInterest.CREATED, names, onChange);
    }

    /** As {@link #register(Path, boolean, Predicate, Runnable)}, for what {@code interest} names. */
    Registration register(Path directory, WatchInterest interest, Predicate<String> names, Runnable onChange) {
        return register(directory, interest, names, new Listener() {
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
        return register(directory, modifications ? WatchInterest.MODIFIED : WatchInterest.CREATED, names, listener);
    }

    /**
     * Like {@link #register(Path, boolean, Predicate, Runnable)}, for what {@code interest} names,
     * telling {@code listener} the names too, and when notifications may have been lost.
     */
    Registration register(Path directory, WatchInterest interest, Predicate<String> names, Listener listener) {
        return source.register(directory, interest, names, listener);
    }

    /**
     * Whether {@code directory} is watched, and as far as the source can tell without taking a
     * notification still the directory it watched: {@code false} once the directory went, even
     * before anybody took that notification (tests).
     */
    boolean holdsValidKey(Path directory) {
        return source.holdsValidWatch(directory);
    }

    /**
     * A registration attached: threads that began to wait while nothing was watched are followers
     * with nobody taking notifications; one of them is asked to lead now.
     *
     * <p>No waiting thread is missed: a thread decides under {@link #lock} whether it leads,
     * asking the source then whether it watches anything; the source publishes what it watches
     * before it calls this, which takes that lock. So a thread either saw the service and leads, or was a
     * follower by the time this runs.
     */
    private void askAFollowerToLeadIfNobodyDoes() {
        ChangeCounter next = null;
        synchronized (lock) {
            if (leader == null && promoted == null) {
                next = promoteFirstFollower();
            }
        }
        if (next != null) {
            next.wakeWaiters();
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
            boolean leading;
            synchronized (lock) {
                leading = leader == null && source.isWatching();
                if (promoted == me) {
                    // Asked to lead: done below, or another thread was quicker and asks again when it returns.
                    promoted = null;
                }
                if (leading) {
                    leader = me;
                    followers.remove(me);
                } else {
                    // Also while nothing is watched: a registration that attaches later asks a follower to lead.
                    followers.putIfAbsent(me, counter);
                }
            }
            long remaining = deadline - System.nanoTime();
            if (leading) {
                try {
                    return lead(counter, seen, remaining);
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
     * the source's wait, the only way to end a wait there early.
     */
    private boolean lead(ChangeCounter counter, long seen, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (counter.current() == seen) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            if (!source.takeAndDeliver(counter, seen, remaining)) {
                // The last registration was closed meanwhile: nothing more comes from this source.
                return counter.current() != seen;
            }
        }
        return true;
    }

    /**
     * Tells the leader, if it waits for {@code counter}, that the counter moved by something other
     * than a notification, so that it returns now instead of at its next notification or timeout.
     * Call after moving the counter.
     */
    void nudge(ChangeCounter counter) {
        source.nudge(counter);
    }

    /** Gives up leading and has the longest-waiting follower, if any, take over. */
    private void resign() {
        ChangeCounter next;
        synchronized (lock) {
            leader = null;
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
     * Delivers the notifications that wait in the source, unless a leader is taking them anyway.
     * Cheap when there are none (with inotify, one {@code read(2)} that finds nothing); never
     * waits for a notification.
     */
    void deliverPending() {
        if (leader != null) {
            return;
        }
        synchronized (lock) {
            if (leader != null || !source.isWatching()) {
                return;
            }
            leader = Thread.currentThread();
        }
        try {
            source.deliverPending();
        } finally {
            resign();
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
    interface Registration extends Closeable {

        /** Whether notifications currently arrive for this registration. */
        boolean isActive();

        /** Tries again to watch the directory if it is not watched (for example it was re-created). */
        void renew();

        @Override
        void close();
    }
}
