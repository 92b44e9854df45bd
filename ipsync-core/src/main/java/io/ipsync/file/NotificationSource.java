package io.ipsync.file;

import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Where the notifications of a {@link DirectoryWatcher} come from, and what is watched there:
 * the JDK's watch service ({@link WatchRegistry}) or, on Java 22 and later where native access
 * is enabled, the kernel's inotify through the FFM API (chosen by {@link NotificationSources}).
 *
 * <p>A source has no thread of its own. The {@link DirectoryWatcher} lets one thread at a time,
 * its leader, {@link #takeAndDeliver take} notifications (or {@link #deliverPending look} for
 * them); the source calls the listeners on that thread. Everything else may be called from
 * any thread.
 */
interface NotificationSource {

    /** The value of {@link NotificationSources#PROPERTY} that chooses the JDK's watch service. */
    String JDK = "jdk";

    /** The value of {@link NotificationSources#PROPERTY} that chooses inotify through the FFM API. */
    String NATIVE = "native";

    /** See {@link DirectoryWatcher#register(Path, WatchInterest, Predicate, DirectoryWatcher.Listener)}. */
    DirectoryWatcher.Registration register(Path directory, WatchInterest interest, Predicate<String> names,
            DirectoryWatcher.Listener listener);

    /**
     * Whether {@code directory} is watched and, as far as can be told without taking a
     * notification, still the directory that was watched (tests).
     */
    boolean holdsValidWatch(Path directory);

    /** Whether anything is watched now, so that a waiting thread has notifications to take. */
    boolean isWatching();

    /**
     * Waits up to {@code timeoutNanos} for notifications and delivers those that came; returns
     * early, without one, once {@linkplain #nudge nudged} for {@code counter} or when
     * {@code counter} is past {@code seen} already. Called by the leader only.
     *
     * @return {@code false} when nothing is watched any more: nothing will come until a
     *     registration attaches again
     * @throws InterruptedException when the calling thread was interrupted by its owner (a nudge
     *     leaves no interrupt behind)
     */
    boolean takeAndDeliver(ChangeCounter counter, long seen, long timeoutNanos) throws InterruptedException;

    /** Delivers the notifications that came already, without waiting. Called by the leader only. */
    void deliverPending();

    /**
     * Ends the leader's {@link #takeAndDeliver} now if it waits for {@code counter}, which moved
     * by something other than a notification. Call after moving the counter.
     */
    void nudge(ChangeCounter counter);

    /** {@link #JDK} or {@link #NATIVE}: which source this is (logs, tests, the bench). */
    String kind();

    /**
     * How often notifications were taken and delivered so far (by a leader woken by them, or by a
     * look that found some), and of those how often no listener's filter let any through: a
     * wake-up that found nothing. For tests and measurements.
     */
    Deliveries deliveries();

    /** See {@link NotificationSource#deliveries()}. */
    record Deliveries(long taken, long empty) {
    }
}
