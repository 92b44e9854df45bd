package io.ipsync.file;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link NotificationSource} of inotify read through the FFM API (Java 22+, Linux): the
 * leader blocks in {@code poll(2)} on an inotify descriptor of ipsync's own, so the thread that
 * a notification wakes is the waiting thread itself, with no JDK thread in between.
 *
 * <p>What the kernel reports is chosen per directory from its registrations'
 * {@link WatchInterest}s ({@link InotifyEvents#mask}): a queue directory, watched for
 * {@link WatchInterest#RENAMED_IN} only, wakes nobody when a producer creates and writes its
 * {@code tmp_} file there (as jk_interprocesssync's producers do), only when it renames it to
 * {@code q_...}. Names are filtered on the reading thread, before anybody else is woken.
 *
 * <p>Ending a wait early: a {@linkplain #nudge nudge} writes the eventfd the leader polls beside
 * the inotify descriptor, so nudges never touch the leader's interrupt status. An interrupt of
 * the leader cannot end a {@code poll(2)} in progress: the leader polls at most
 * {@link #INTERRUPT_CHECK_MILLIS} at a time and checks for one after each return.
 *
 * <p>Thread-safe: what is watched changes under one lock, never held while a listener is called
 * or while waiting; the descriptors are one instance of {@link InotifyDescriptors} while
 * anything is watched, closed with the last registration (safely, see there).
 */
final class InotifySource implements NotificationSource, WatchRegistration.Host {

    /** The longest a leader blocks in {@code poll(2)} before it looks whether it was interrupted. */
    static final int INTERRUPT_CHECK_MILLIS = 100;

    private static final Logger log = LoggerFactory.getLogger(InotifySource.class);

    /** How the JDK decodes file names ({@code sun.jnu.encoding}), so that names compare equal to those of {@link Path}. */
    private static final Charset FILE_NAMES = Charset.forName(
            Objects.requireNonNullElse(System.getProperty("sun.jnu.encoding"), "UTF-8"));

    private final Runnable onWatching;

    private final Object lock = new Object();

    /** Written under {@link #lock}; null while nothing is watched. Volatile for the leader and nudges. */
    private volatile InotifyDescriptors descriptors;

    /** Guarded by {@link #lock}: every path a watched directory was registered by (several paths may name one). */
    private final Map<Path, WatchedDirectory<Watch>> byDirectory = new HashMap<>();

    /** Guarded by {@link #lock}. */
    private final Map<Integer, WatchedDirectory<Watch>> byWatch = new HashMap<>();

    private final Object nudgeLock = new Object();

    /** The leader in {@link #takeAndDeliver}, or null; guarded by {@link #nudgeLock}. */
    private Thread polling;

    /** The counter {@link #polling} waits for; guarded by {@link #nudgeLock}. */
    private ChangeCounter pollingFor;

    /** Whether {@link #polling} was nudged in its current wait; guarded by {@link #nudgeLock}. */
    private boolean nudged;

    /** See {@link #deliveries()}. */
    private final AtomicLong taken = new AtomicLong();

    private final AtomicLong empty = new AtomicLong();

    InotifySource(Runnable onWatching) {
        this.onWatching = onWatching;
    }

    /** A directory's watch: its descriptor, and the file key of the directory it was made for. */
    record Watch(int wd, Object fileKey) {
    }

    @Override
    public String kind() {
        return NATIVE;
    }

    @Override
    public Deliveries deliveries() {
        return new Deliveries(taken.get(), empty.get());
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
    public boolean isWatching() {
        return descriptors != null;
    }

    @Override
    public boolean attach(WatchRegistration registration) {
        List<WatchRegistration> stranded = List.of();
        try {
            synchronized (lock) {
                try {
                    if (descriptors == null) {
                        descriptors = InotifyDescriptors.open();
                    }
                    Path directory = registration.directory();
                    // Always asks the kernel: only it knows whether the path still names the directory it watched.
                    int wd = descriptors.addWatch(directory, InotifyEvents.mask(registration.interest()));
                    WatchedDirectory<Watch> watched = byWatch.get(wd);
                    WatchedDirectory<Watch> before = byDirectory.get(directory);
                    if (before != null && before != watched) {
                        // The path names another directory now (deleted and made again) and nobody has read the old
                        // watch's end yet: once forgotten, that would reach nobody, so its registrations hear of it here.
                        descriptors.removeWatch(before.handle().wd());
                        forget(before);
                        stranded = new ArrayList<>(before.registrations());
                        stranded.remove(registration);
                    }
                    if (watched == null) {
                        watched = new WatchedDirectory<>(directory, new Watch(wd, fileKey(directory)), registration.interest());
                        byWatch.put(wd, watched);
                    }
                    watched.widenTo(registration.interest());
                    byDirectory.put(directory, watched);
                    watched.add(registration);
                    registration.markActive();
                } catch (IOException | RuntimeException e) {
                    log.debug("Cannot watch {} ({}); relying on polling until it can be watched", registration.directory(),
                            e.toString());
                    closeIfUnused();
                    return false;
                }
            }
            onWatching.run();
            return true;
        } finally {
            stranded.forEach(WatchRegistration::onInvalidated);
        }
    }

    @Override
    public void detach(WatchRegistration registration) {
        synchronized (lock) {
            WatchedDirectory<Watch> watched = byDirectory.get(registration.directory());
            if (watched != null && watched.remove(registration) && watched.isUnused()) {
                descriptors.removeWatch(watched.handle().wd());
                forget(watched);
            }
            closeIfUnused();
        }
    }

    /** Whether the path still names the directory whose watch it was registered by (as far as a stat can tell). */
    @Override
    public boolean holdsValidWatch(Path directory) {
        WatchedDirectory<Watch> watched;
        synchronized (lock) {
            watched = byDirectory.get(directory.toAbsolutePath().normalize());
        }
        return watched != null && Objects.equals(watched.handle().fileKey(), fileKey(watched.directory()));
    }

    private static Object fileKey(Path directory) {
        try {
            return Files.readAttributes(directory, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException gone) {
            return null;
        }
    }

    @Override
    public boolean takeAndDeliver(ChangeCounter counter, long seen, long timeoutNanos) throws InterruptedException {
        InotifyDescriptors taking = descriptors;
        if (taking == null || !taking.enter()) {
            return false;
        }
        try {
            synchronized (nudgeLock) {
                polling = Thread.currentThread();
                pollingFor = counter;
                nudged = false;
            }
            // A nudge given before the lines above found nobody polling: the counter has moved already, which this sees.
            if (counter.current() != seen) {
                return true;
            }
            long deadline = System.nanoTime() + timeoutNanos;
            while (true) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return true;
                }
                int millis = (int) Math.min(INTERRUPT_CHECK_MILLIS, TimeUnit.NANOSECONDS.toMillis(remaining + 999_999));
                int ready = taking.await(millis);
                if ((ready & InotifyDescriptors.NOTIFICATIONS) != 0) {
                    readAndDeliver(taking);
                    return true;
                }
                if ((ready & InotifyDescriptors.WOKEN) != 0) {
                    if (taking.isClosing()) {
                        return false;
                    }
                    synchronized (nudgeLock) {
                        if (nudged) {
                            return true;
                        }
                    }
                    // Else a nudge meant for an earlier wait, which ended before it came.
                }
            }
        } catch (IOException e) {
            log.warn("Waiting for file-system notifications failed; relying on polling", e);
            return false;
        } finally {
            synchronized (nudgeLock) {
                polling = null;
                pollingFor = null;
            }
            taking.exit();
        }
    }

    @Override
    public void deliverPending() {
        InotifyDescriptors taking = descriptors;
        if (taking == null || !taking.enter()) {
            return;
        }
        try {
            readAndDeliver(taking);
        } catch (IOException e) {
            log.warn("Reading file-system notifications failed; relying on polling", e);
        } finally {
            taking.exit();
        }
    }

    @Override
    public void nudge(ChangeCounter counter) {
        synchronized (nudgeLock) {
            if (polling == null || pollingFor != counter || nudged) {
                return;
            }
            nudged = true;
        }
        InotifyDescriptors waking = descriptors;
        if (waking != null && waking.enter()) {
            try {
                waking.wake();
            } finally {
                waking.exit();
            }
        }
    }

    /** Reads what is there and delivers it, until a read finds nothing (at most a few reads: a burst is read to its end). */
    private void readAndDeliver(InotifyDescriptors taking) throws IOException {
        boolean read = false;
        boolean told = false;
        for (int i = 0; i < 16; i++) {
            int bytes = taking.read();
            if (bytes == 0) {
                break;
            }
            read = true;
            told |= deliver(InotifyEvents.parse(taking.buffer(), bytes, FILE_NAMES));
        }
        if (read) {
            taken.incrementAndGet();
            if (!told) {
                empty.incrementAndGet();
            }
        }
    }

    /** @return whether any listener was told anything */
    private boolean deliver(InotifyEvents events) {
        List<WatchedDirectory<Watch>> ended = new ArrayList<>();
        List<WatchedDirectory<Watch>> all;
        Map<WatchedDirectory<Watch>, InotifyEvents.Batch> batches = new LinkedHashMap<>();
        synchronized (lock) {
            events.byWatch.forEach((wd, batch) -> {
                WatchedDirectory<Watch> watched = byWatch.get(wd);
                if (watched != null) {
                    batches.put(watched, batch);
                }
            });
            for (int wd : events.ended) {
                WatchedDirectory<Watch> watched = byWatch.get(wd);
                if (watched != null) {
                    // Deleted, unmounted or moved away: the path may name another directory later, watched anew.
                    // (After IN_IGNORED the kernel has removed the watch already; this then fails, harmlessly.)
                    descriptors.removeWatch(wd);
                    forget(watched);
                    ended.add(watched);
                }
            }
            all = events.overflow ? new ArrayList<>(byWatch.values()) : List.of();
        }
        boolean told = false;
        for (Map.Entry<WatchedDirectory<Watch>, InotifyEvents.Batch> each : batches.entrySet()) {
            told |= each.getKey().deliver(each.getValue().names, each.getValue().kinds);
        }
        for (WatchedDirectory<Watch> watched : all) {
            told |= watched.deliverLoss();
        }
        for (WatchedDirectory<Watch> watched : ended) {
            List<WatchRegistration> registrations = watched.registrations();
            registrations.forEach(WatchRegistration::onInvalidated);
            told |= !registrations.isEmpty();
        }
        return told;
    }

    /** Holds {@link #lock}. */
    private void forget(WatchedDirectory<Watch> watched) {
        byWatch.remove(watched.handle().wd(), watched);
        byDirectory.values().removeIf(each -> each == watched);
    }

    /** Holds {@link #lock}. */
    private void closeIfUnused() {
        if (byWatch.isEmpty() && byDirectory.isEmpty() && descriptors != null) {
            descriptors.requestClose();
            descriptors = null;
        }
    }
}
