package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipsync.testing.WaitingThreads;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uses a watcher of its own (not the JVM's shared one), so that its watch service can be told
 * apart from those of other tests' channels. Notifications are delivered only to a thread that
 * waits ({@link DirectoryWatcher#awaitChange}) or looks ({@link DirectoryWatcher#deliverPending()}):
 * the tests wait for them that way.
 */
class DirectoryWatcherTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** Longer than the test may take: a wait that ends did so for the reason the test gives it. */
    private static final Duration NEVER_WITHIN_THE_TEST = Duration.ofMinutes(10);

    /** The name of the thread the JDK starts for each watch service (inotify reader). */
    private static final String JDK_WATCH_SERVICE_THREAD = "FileSystemWatchService";

    private final DirectoryWatcher watcher = new DirectoryWatcher(FileSystems.getDefault());

    private final AtomicInteger waiters = new AtomicInteger();

    private final ExecutorService executor = Executors.newCachedThreadPool(
            task -> new Thread(task, "waiter-" + waiters.incrementAndGet()));

    @AfterEach
    void stopWaiters() {
        executor.shutdownNow();
    }

    @Test
    void callbackFiresWhenAnEntryIsCreated() throws Exception {
        Semaphore changes = new Semaphore(0);
        try (DirectoryWatcher.Registration registration = watcher.register(dir, false, name -> true, changes::release)) {
            assertThat(registration.isActive()).isTrue();
            Files.createFile(dir.resolve("q_1"));
            assertThat(deliverUntil(changes::tryAcquire)).isTrue();
        }
    }

    @Test
    void listenersHearTheNamesThatPassTheFilterInTheOrderTheEntriesAppeared() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        AtomicInteger losses = new AtomicInteger();
        DirectoryWatcher.Listener listener = new DirectoryWatcher.Listener() {
            @Override
            public void changed(List<String> names) {
                heard.addAll(names);
            }

            @Override
            public void lost() {
                losses.incrementAndGet();
            }
        };
        try (DirectoryWatcher.Registration registration = watcher.register(dir, false, name -> name.startsWith("q_"), listener)) {
            List<String> created = new ArrayList<>();
            for (int i = 9; i >= 0; i--) {
                String name = "q_" + i;
                Path temp = Files.writeString(dir.resolve("tmp_" + i), "x");
                Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                created.add(name);
            }
            assertThat(deliverUntil(() -> heard.size() >= created.size() || losses.get() > 0)).isTrue();

            assertThat(losses).as("ten entries do not overflow anything").hasValue(0);
            assertThat(heard).as("only names that pass the filter, in the order they appeared").containsExactlyElementsOf(created);
        }
    }

    @Test
    void aListenerHearsOfALossWhenItsDirectoryGoesAway() throws Exception {
        Path watched = Files.createDirectory(dir.resolve("watched"));
        Semaphore losses = new Semaphore(0);
        DirectoryWatcher.Listener listener = new DirectoryWatcher.Listener() {
            @Override
            public void changed(List<String> names) {
            }

            @Override
            public void lost() {
                losses.release();
            }
        };
        try (DirectoryWatcher.Registration registration = watcher.register(watched, false, name -> true, listener)) {
            Files.delete(watched);

            assertThat(deliverUntil(losses::tryAcquire)).isTrue();
            assertThat(registration.isActive()).isFalse();
        }
    }

    @Test
    void callbackFiresWhenAnEntryIsRenamedIntoTheDirectory() throws Exception {
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Path watched = Files.createDirectory(dir.resolve("watched"));
        Semaphore changes = new Semaphore(0);
        try (DirectoryWatcher.Registration registration = watcher.register(watched, false, name -> true, changes::release)) {
            Path file = Files.writeString(outside.resolve("tmp"), "x");
            Files.move(file, watched.resolve("q_1"), StandardCopyOption.ATOMIC_MOVE);
            assertThat(deliverUntil(changes::tryAcquire)).isTrue();
        }
    }

    @Test
    void modificationsFireOnlyForRegistrationsThatAskForThem() throws Exception {
        Path file = Files.createFile(dir.resolve("e"));
        Semaphore modifications = new Semaphore(0);
        AtomicInteger creationsOnly = new AtomicInteger();
        try (DirectoryWatcher.Registration creations = watcher.register(dir, false, name -> true, creationsOnly::incrementAndGet);
                DirectoryWatcher.Registration all = watcher.register(dir, true, "e"::equals, modifications::release)) {
            Files.writeString(file, "changed");
            assertThat(deliverUntil(modifications::tryAcquire)).isTrue();
            Files.writeString(file, "changed again");
            assertThat(deliverUntil(modifications::tryAcquire)).isTrue();
            assertThat(creationsOnly).as("modifications of an existing entry are no creations").hasValue(0);
        }
    }

    @Test
    void onlyRegistrationsWhoseNamesMatchAreCalled() throws Exception {
        Semaphore forA = new Semaphore(0);
        Semaphore forB = new Semaphore(0);
        try (DirectoryWatcher.Registration a = watcher.register(dir, false, "a"::equals, forA::release);
                DirectoryWatcher.Registration b = watcher.register(dir, false, "b"::equals, forB::release)) {
            Files.createFile(dir.resolve("b"));
            assertThat(deliverUntil(forB::tryAcquire)).isTrue();
            Files.createFile(dir.resolve("a"));
            assertThat(deliverUntil(forA::tryAcquire)).isTrue();
            // Notifications are delivered in order: "b" was dealt with before "a".
            assertThat(forA.availablePermits()).isZero();
            assertThat(forB.availablePermits()).isZero();
        }
    }

    @Test
    void aClosedRegistrationIsNoLongerCalledWhileOthersOnTheDirectoryAre() throws Exception {
        AtomicInteger closedCalls = new AtomicInteger();
        Semaphore open = new Semaphore(0);
        DirectoryWatcher.Registration closing = watcher.register(dir, false, name -> true, closedCalls::incrementAndGet);
        try (DirectoryWatcher.Registration staying = watcher.register(dir, false, name -> true, open::release)) {
            closing.close();
            assertThat(closing.isActive()).isFalse();
            Files.createFile(dir.resolve("first"));
            assertThat(deliverUntil(open::tryAcquire)).isTrue();
            Files.createFile(dir.resolve("second"));
            assertThat(deliverUntil(open::tryAcquire)).isTrue();
            assertThat(closedCalls).hasValue(0);
        }
    }

    @Test
    void aMissingDirectoryIsWatchedOnceItExistsAndTheRegistrationIsRenewed() throws Exception {
        Path later = dir.resolve("later");
        Semaphore changes = new Semaphore(0);
        try (DirectoryWatcher.Registration registration = watcher.register(later, false, name -> true, changes::release)) {
            assertThat(registration.isActive()).isFalse();
            Files.createDirectory(later);
            registration.renew();
            assertThat(registration.isActive()).isTrue();
            Files.createFile(later.resolve("q_1"));
            assertThat(deliverUntil(changes::tryAcquire)).isTrue();
        }
    }

    /**
     * Every waiting thread of a channel renews its registration when its wait times out (as after
     * the queue directory was re-created), so several may renew it at once: it is attached once,
     * so it hears each name once, and after closing it hears nothing more.
     */
    @Test
    void aRegistrationRenewedByManyThreadsAtOnceIsAttachedOnce() throws Exception {
        int threads = 4;
        for (int trial = 0; trial < 50; trial++) {
            Path later = dir.resolve("later-" + trial);
            Heard heard = new Heard();
            DirectoryWatcher.Registration registration = watcher.register(later, false, name -> true, heard);
            Files.createDirectory(later);
            CyclicBarrier together = new CyclicBarrier(threads);
            List<Future<?>> renewals = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                renewals.add(executor.submit(() -> {
                    together.await(LONG.toSeconds(), TimeUnit.SECONDS);
                    registration.renew();
                    return null;
                }));
            }
            for (Future<?> renewal : renewals) {
                renewal.get(LONG.toSeconds(), TimeUnit.SECONDS);
            }
            Files.createFile(later.resolve("q_1"));
            assertThat(deliverUntil(() -> !heard.names.isEmpty())).isTrue();
            registration.close();

            Heard witness = new Heard();
            try (DirectoryWatcher.Registration stillWatching = watcher.register(later, false, name -> true, witness)) {
                Files.createFile(later.resolve("q_2"));
                assertThat(deliverUntil(() -> witness.names.contains("q_2"))).isTrue();
            }
            assertThat(heard.names).as("trial %d: heard once, and nothing after closing", trial).containsExactly("q_1");
        }
    }

    /**
     * The directory goes away and comes back while nobody takes notifications (every consumer
     * thread busy), and another registration watches it anew before the old key's last
     * notification was taken: the registrations of the old key hear of the loss, so they renew,
     * instead of waiting for a notification that nobody delivers any more.
     */
    @Test
    void registrationsOfAKeyReplacedBeforeItsLastNotificationWasTakenHearOfALoss() throws Exception {
        Path queue = Files.createDirectory(dir.resolve("queue"));
        Heard first = new Heard();
        Heard second = new Heard();
        try (DirectoryWatcher.Registration old = watcher.register(queue, false, name -> true, first)) {
            Files.delete(queue);
            await("the JDK to see the directory go").atMost(LONG).until(() -> !watcher.holdsValidKey(queue));
            Files.createDirectory(queue);
            try (DirectoryWatcher.Registration fresh = watcher.register(queue, false, name -> true, second)) {
                assertThat(fresh.isActive()).isTrue();
                assertThat(first.losses).as("told of the loss when its key was replaced").hasPositiveValue();
                assertThat(old.isActive()).isFalse();

                old.renew();
                assertThat(old.isActive()).isTrue();
                Files.createFile(queue.resolve("q_1"));
                assertThat(deliverUntil(() -> first.names.contains("q_1") && second.names.contains("q_1"))).isTrue();
            }
        }
    }

    @Test
    void theWatchServiceIsClosedWithTheLastRegistrationAndOpenedAgainForTheNext() throws Exception {
        assumeTrue(watcher.sourceKind().equals(NotificationSource.JDK), "the JDK's watch service (see the next test for inotify)");
        List<Thread> before = WaitingThreads.liveThreadsNamed(JDK_WATCH_SERVICE_THREAD);
        Path first = Files.createDirectory(dir.resolve("first"));
        Path second = Files.createDirectory(dir.resolve("second"));
        Semaphore changes = new Semaphore(0);

        DirectoryWatcher.Registration one = watcher.register(first, false, name -> true, changes::release);
        DirectoryWatcher.Registration two = watcher.register(second, false, name -> true, changes::release);
        List<Thread> ours = new ArrayList<>(WaitingThreads.liveThreadsNamed(JDK_WATCH_SERVICE_THREAD));
        ours.removeAll(before);
        assertThat(ours).as("one watch service (one JDK thread) for all registrations").hasSize(1);
        Thread thread = ours.get(0);
        assertThat(WaitingThreads.liveThreadNames("ipsync-")).as("no thread of ipsync's own").isEmpty();

        one.close();
        Files.createFile(second.resolve("q_1"));
        assertThat(deliverUntil(changes::tryAcquire)).as("still serving the other registration").isTrue();
        assertThat(thread.isAlive()).isTrue();

        two.close();
        await("the watch service's thread to end").atMost(LONG).until(() -> !thread.isAlive());

        try (DirectoryWatcher.Registration again = watcher.register(first, false, name -> true, changes::release)) {
            assertThat(again.isActive()).as("a new registration opens a new watch service").isTrue();
            Files.createFile(first.resolve("q_2"));
            assertThat(deliverUntil(changes::tryAcquire)).isTrue();
        }
    }

    /** Inotify through FFM: one inotify descriptor and one eventfd for all registrations, no thread, closed with the last. */
    @Test
    void theInotifyDescriptorsAreClosedWithTheLastRegistrationAndOpenedAgainForTheNext() throws Exception {
        assumeTrue(watcher.sourceKind().equals(NotificationSource.NATIVE), "inotify through FFM (Java 22+, native access)");
        List<String> before = notificationDescriptors();
        Path first = Files.createDirectory(dir.resolve("first"));
        Path second = Files.createDirectory(dir.resolve("second"));
        Semaphore changes = new Semaphore(0);

        DirectoryWatcher.Registration one = watcher.register(first, false, name -> true, changes::release);
        DirectoryWatcher.Registration two = watcher.register(second, false, name -> true, changes::release);
        List<String> ours = new ArrayList<>(notificationDescriptors());
        before.forEach(ours::remove);
        assertThat(ours).as("one inotify instance and its eventfd for all registrations")
                .containsExactlyInAnyOrder("anon_inode:inotify", "anon_inode:[eventfd]");
        assertThat(WaitingThreads.liveThreadsNamed(JDK_WATCH_SERVICE_THREAD)).as("no JDK watch service thread").isEmpty();
        assertThat(WaitingThreads.liveThreadNames("ipsync-")).as("no thread of ipsync's own").isEmpty();

        one.close();
        Files.createFile(second.resolve("q_1"));
        assertThat(deliverUntil(changes::tryAcquire)).as("still serving the other registration").isTrue();

        two.close();
        assertThat(notificationDescriptors()).as("closed with the last registration").hasSameSizeAs(before);

        try (DirectoryWatcher.Registration again = watcher.register(first, false, name -> true, changes::release)) {
            assertThat(again.isActive()).as("a new registration opens new descriptors").isTrue();
            Files.createFile(first.resolve("q_2"));
            assertThat(deliverUntil(changes::tryAcquire)).isTrue();
        }
    }

    /** The targets of this process's inotify descriptors and eventfds. */
    private static List<String> notificationDescriptors() throws IOException {
        List<String> targets = new ArrayList<>();
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.equals("anon_inode:inotify") || target.equals("anon_inode:[eventfd]")) {
                        targets.add(target);
                    }
                } catch (IOException gone) {
                    // the listing's own descriptor, closed meanwhile
                }
            }
        }
        return targets;
    }

    @Test
    void theWaitingThreadItselfDeliversTheNotificationThatWakesIt() throws Exception {
        ChangeCounter counter = new ChangeCounter();
        List<Thread> deliveredOn = new CopyOnWriteArrayList<>();
        try (DirectoryWatcher.Registration registration = watcher.register(dir, false, name -> true, () -> {
            deliveredOn.add(Thread.currentThread());
            counter.increment();
        })) {
            Future<Boolean> woke = startWaitingFor(counter);
            Files.createFile(dir.resolve("q_1"));

            assertThat(woke.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(deliveredOn).hasSize(1).allSatisfy(thread -> assertThat(thread.getName()).startsWith("waiter-"));
        }
    }

    @Test
    void aFollowerIsWokenByWhatTheLeaderDeliversForIt() throws Exception {
        try (Watched a = watched("a"); Watched b = watched("b")) {
            ChangeCounter forA = a.counter();
            ChangeCounter forB = b.counter();
            Future<Boolean> leader = startWaitingFor(forA);
            Future<Boolean> follower = startWaitingFor(forB);

            Files.createFile(b.directory().resolve("q_1"));

            assertThat(follower.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(leader.isDone()).as("the leader goes on waiting for its own directory").isFalse();
        }
    }

    @Test
    void whenTheLeaderReturnsAWaitingFollowerIsWokenToLead() throws Exception {
        try (Watched a = watched("a"); Watched b = watched("b")) {
            ChangeCounter forA = a.counter();
            ChangeCounter forB = b.counter();
            Future<Boolean> leader = startWaitingFor(forA);
            long seenB = forB.current();
            AtomicReference<Thread> followerThread = new AtomicReference<>();
            Future<Boolean> follower = WaitingThreads.startWaiting(executor, () -> {
                followerThread.set(Thread.currentThread());
                return watcher.awaitChange(forB, seenB, NEVER_WITHIN_THE_TEST.toNanos());
            });

            Files.createFile(a.directory().resolve("q_1"));
            assertThat(leader.get(30, TimeUnit.SECONDS)).as("the first waiter, woken by its notification").isTrue();
            WaitingThreads.awaitParkedIn(followerThread.get(), "io.ipsync.file.DirectoryWatcher", "lead");
            assertThat(follower.isDone()).as("the other waiter goes on waiting, now as the leader").isFalse();

            Files.createFile(b.directory().resolve("q_1"));
            assertThat(follower.get(30, TimeUnit.SECONDS)).as("woken by b's notification, which it took itself").isTrue();
        }
    }

    @Test
    void anInterruptedLeaderThrowsAndAnotherThreadLeadsAfterIt() throws Exception {
        try (Watched a = watched("a"); Watched b = watched("b")) {
            ChangeCounter forA = a.counter();
            ChangeCounter forB = b.counter();
            AtomicReference<Throwable> ended = new AtomicReference<>();
            long seenA = forA.current();
            Thread leader = new Thread(() -> {
                try {
                    watcher.awaitChange(forA, seenA, NEVER_WITHIN_THE_TEST.toNanos());
                    ended.set(new AssertionError("returned without an interrupt"));
                } catch (Throwable e) {
                    ended.set(e);
                }
            }, "waiter-interrupted");
            leader.start();
            WaitingThreads.awaitParkedIn(leader, "io.ipsync.file.DirectoryWatcher", "lead");

            leader.interrupt();
            leader.join(LONG.toMillis());

            assertThat(leader.isAlive()).as("the interrupted leader ended its wait").isFalse();
            assertThat(ended.get()).isInstanceOf(InterruptedException.class);
            Future<Boolean> next = startWaitingFor(forB);
            Files.createFile(b.directory().resolve("q_1"));
            assertThat(next.get(30, TimeUnit.SECONDS)).as("another thread leads, and hears b").isTrue();
        }
    }

    @Test
    void aNudgeEndsTheLeadersWaitButNoInterruptLeaksToItsCaller() throws Exception {
        ChangeCounter counter = new ChangeCounter();
        try (DirectoryWatcher.Registration registration = watcher.register(dir, false, name -> true, counter::increment)) {
            long seen = counter.current();
            Future<Boolean> leader = WaitingThreads.startWaiting(executor, () -> {
                boolean changed = watcher.awaitChange(counter, seen, NEVER_WITHIN_THE_TEST.toNanos());
                return changed && !Thread.currentThread().isInterrupted();
            });

            counter.increment();
            watcher.nudge(counter);

            assertThat(leader.get(30, TimeUnit.SECONDS)).as("woken, and not left interrupted").isTrue();
        }
    }

    /**
     * A leader and a follower wait on one counter, another follower on its own. The leader's
     * notification moves the shared counter: the leader returns and asks the first follower to
     * lead, but that follower is returning too (its counter moved); it must pass the request on,
     * or the last follower would wait with nobody taking notifications.
     */
    @Test
    void aFollowerAskedToLeadWhileItReturnsAsksTheNextOne() throws Exception {
        try (Watched a = watched("a"); Watched c = watched("c")) {
            ChangeCounter shared = a.counter();
            ChangeCounter forC = c.counter();
            Future<Boolean> leader = startWaitingFor(shared);
            Future<Boolean> sameCounter = startWaitingFor(shared);
            Future<Boolean> last = startWaitingFor(forC);

            Files.createFile(a.directory().resolve("q_1"));
            assertThat(leader.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(sameCounter.get(30, TimeUnit.SECONDS)).isTrue();

            Files.createFile(c.directory().resolve("q_1"));
            assertThat(last.get(30, TimeUnit.SECONDS)).as("the last follower leads, and hears c").isTrue();
        }
    }

    /**
     * Four threads wait, each for its own directory, while files appear in all four and the
     * creating thread also looks now and then (as a busy consumer does): leadership passes from
     * thread to thread as they wake, finish and leave, and no thread is left waiting with nobody
     * taking notifications (the waits would only end after ten minutes).
     */
    @Test
    void everyWaiterHearsOfEveryEntryWhileLeadershipPassesBetweenThreads() throws Exception {
        int directories = 4;
        int perDirectory = 300;
        List<Path> dirs = new ArrayList<>();
        List<ChangeCounter> counters = new ArrayList<>();
        List<AtomicInteger> heard = new ArrayList<>();
        List<DirectoryWatcher.Registration> registrations = new ArrayList<>();
        try {
            for (int d = 0; d < directories; d++) {
                Path each = Files.createDirectory(dir.resolve("d" + d));
                ChangeCounter counter = new ChangeCounter();
                AtomicInteger names = new AtomicInteger();
                registrations.add(watcher.register(each, false, name -> true, new DirectoryWatcher.Listener() {
                    @Override
                    public void changed(List<String> changed) {
                        names.addAndGet(changed.size());
                        counter.increment();
                    }

                    @Override
                    public void lost() {
                        throw new AssertionError("a few hundred entries overflow nothing");
                    }
                }));
                dirs.add(each);
                counters.add(counter);
                heard.add(names);
            }
            List<Future<Boolean>> waiters = new ArrayList<>();
            for (int d = 0; d < directories; d++) {
                ChangeCounter counter = counters.get(d);
                AtomicInteger names = heard.get(d);
                waiters.add(executor.submit(() -> {
                    while (names.get() < perDirectory) {
                        long seen = counter.current();
                        if (names.get() < perDirectory) {
                            watcher.awaitChange(counter, seen, NEVER_WITHIN_THE_TEST.toNanos());
                        }
                    }
                    return true;
                }));
            }
            for (int i = 0; i < perDirectory * directories; i++) {
                Files.createFile(dirs.get(i % directories).resolve("q_" + i));
                if (i % 7 == 0) {
                    watcher.deliverPending();
                }
            }
            for (Future<Boolean> waiter : waiters) {
                assertThat(waiter.get(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
            }
            assertThat(heard).allSatisfy(names -> assertThat(names).hasValue(perDirectory));
        } finally {
            registrations.forEach(DirectoryWatcher.Registration::close);
        }
    }

    @Test
    void aThreadThatBeganToWaitWhileNothingWasWatchedLeadsOnceADirectoryIs() throws Exception {
        Path later = dir.resolve("later");
        ChangeCounter counter = new ChangeCounter();
        try (DirectoryWatcher.Registration registration = watcher.register(later, false, name -> true, counter::increment)) {
            assertThat(registration.isActive()).isFalse();
            Future<Boolean> waiting = startWaitingFor(counter);

            Files.createDirectory(later);
            registration.renew();
            assertThat(registration.isActive()).isTrue();
            Files.createFile(later.resolve("q_1"));

            assertThat(waiting.get(30, TimeUnit.SECONDS)).as("the waiting thread was asked to lead, and heard q_1").isTrue();
        }
    }

    @Test
    void notificationsWaitForTheNextLookWhenNobodyWaits() throws Exception {
        Semaphore changes = new Semaphore(0);
        try (DirectoryWatcher.Registration registration = watcher.register(dir, false, name -> true, changes::release)) {
            Files.createFile(dir.resolve("q_1"));
            await().atMost(LONG).until(() -> {
                watcher.deliverPending();
                return changes.tryAcquire();
            });
        }
    }

    /**
     * Waits as a thread of the watcher, so that it takes and delivers the notifications, until
     * the condition holds (at most {@link #LONG}).
     */
    private boolean deliverUntil(BooleanSupplier condition) throws InterruptedException {
        ChangeCounter own = new ChangeCounter();
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            watcher.awaitChange(own, own.current(), TimeUnit.MILLISECONDS.toNanos(100));
        }
        return true;
    }

    /** Starts a thread waiting for {@code counter} to move (for ten minutes at most), and returns once it waits. */
    private Future<Boolean> startWaitingFor(ChangeCounter counter) {
        long seen = counter.current();
        return WaitingThreads.startWaiting(executor, () -> watcher.awaitChange(counter, seen, NEVER_WITHIN_THE_TEST.toNanos()));
    }

    /** A directory of the test, watched for creations, and the counter its notifications move. */
    private record Watched(Path directory, ChangeCounter counter, DirectoryWatcher.Registration registration)
            implements AutoCloseable {

        @Override
        public void close() {
            registration.close();
        }
    }

    /** Records what one registration hears. */
    private static final class Heard implements DirectoryWatcher.Listener {

        final List<String> names = new CopyOnWriteArrayList<>();

        final AtomicInteger losses = new AtomicInteger();

        @Override
        public void changed(List<String> changed) {
            names.addAll(changed);
        }

        @Override
        public void lost() {
            losses.incrementAndGet();
        }
    }

    private Watched watched(String name) throws IOException {
        Path directory = Files.createDirectory(dir.resolve(name));
        ChangeCounter counter = new ChangeCounter();
        return new Watched(directory, counter, watcher.register(directory, false, any -> true, counter::increment));
    }
}
