package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.testing.WaitingThreads;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uses a watcher of its own (not the JVM's shared one), so that its threads can be told apart
 * from those of other tests' channels.
 */
class DirectoryWatcherTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final DirectoryWatcher watcher = new DirectoryWatcher(FileSystems.getDefault());

    @Test
    void callbackFiresWhenAnEntryIsCreated() throws Exception {
        Semaphore changes = new Semaphore(0);
        try (DirectoryWatcher.Registration registration = watcher.register(dir, false, name -> true, changes::release)) {
            assertThat(registration.isActive()).isTrue();
            Files.createFile(dir.resolve("q_1"));
            assertThat(changes.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
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
            await().atMost(LONG).until(() -> heard.size() >= created.size() || losses.get() > 0);

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

            assertThat(losses.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
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
            assertThat(changes.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
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
            assertThat(modifications.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
            Files.writeString(file, "changed again");
            assertThat(modifications.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
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
            assertThat(forB.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
            Files.createFile(dir.resolve("a"));
            assertThat(forA.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
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
            assertThat(open.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
            Files.createFile(dir.resolve("second"));
            assertThat(open.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
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
            assertThat(changes.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void theWatcherThreadEndsWhenTheLastRegistrationIsClosed() throws Exception {
        List<Thread> before = WaitingThreads.liveThreadsNamed("ipsync-watcher");
        Path first = Files.createDirectory(dir.resolve("first"));
        Path second = Files.createDirectory(dir.resolve("second"));
        Semaphore changes = new Semaphore(0);

        DirectoryWatcher.Registration one = watcher.register(first, false, name -> true, changes::release);
        DirectoryWatcher.Registration two = watcher.register(second, false, name -> true, changes::release);
        List<Thread> ours = new ArrayList<>(WaitingThreads.liveThreadsNamed("ipsync-watcher"));
        ours.removeAll(before);
        assertThat(ours).as("one thread for all registrations").hasSize(1);
        Thread thread = ours.get(0);
        assertThat(thread.isDaemon()).isTrue();

        one.close();
        Files.createFile(second.resolve("q_1"));
        assertThat(changes.tryAcquire(30, TimeUnit.SECONDS)).as("still serving the other registration").isTrue();
        assertThat(thread.isAlive()).isTrue();

        two.close();
        await("the watcher thread to end").atMost(LONG).until(() -> !thread.isAlive());

        try (DirectoryWatcher.Registration again = watcher.register(first, false, name -> true, changes::release)) {
            assertThat(again.isActive()).as("a new registration starts a new watcher").isTrue();
            Files.createFile(first.resolve("q_2"));
            assertThat(changes.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
