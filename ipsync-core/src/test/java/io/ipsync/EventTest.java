package io.ipsync;

import static io.ipsync.testing.WaitingThreads.startWaiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.file.FileSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    /** Long enough to show that nothing is pending; short enough to keep the suite fast. */
    private static final Duration NOTHING_PENDING = Duration.ofMillis(200);

    private static final EventOptions ONLY_LATER_SIGNALS = EventOptions.builder().fireOnInit(false).build();

    @TempDir
    Path dir;

    private final ExecutorService waiters = Executors.newCachedThreadPool();

    @AfterEach
    void stopWaiters() throws InterruptedException {
        waiters.shutdownNow();
        assertThat(waiters.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void signalOnAbsolutePathWakesTimedWait() throws Exception {
        Path file = dir.resolve("reload.event");
        assertThat(file.isAbsolute()).isTrue();
        try (Event event = Event.open(file)) {
            assertThat(event.location()).isEqualTo(file.toString());
            assertThat(event.await(NOTHING_PENDING)).as("never signalled").isFalse();
            event.signal();
            assertThat(Files.isRegularFile(file)).isTrue();
            assertThat(Files.size(file)).isZero();
            assertThat(event.await(LONG)).isTrue();
            assertThat(event.await(NOTHING_PENDING)).as("auto-reset after the wake-up").isFalse();
        }
    }

    @Test
    void relativePathIsResolvedAgainstTheWorkingDirectory() throws Exception {
        Path absolute = dir.resolve("sub").resolve("relative.event");
        Path relative = Path.of("").toAbsolutePath().relativize(absolute);
        assertThat(relative.isAbsolute()).isFalse();
        try (Event event = Event.open(relative)) {
            assertThat(event.location()).isEqualTo(absolute.toString());
            event.signal();
            assertThat(Files.isRegularFile(absolute)).as("the directory is created and the file signalled").isTrue();
            assertThat(event.await(LONG)).isTrue();
        }
    }

    @Test
    void untimedAwaitReturnsTrueWhenSignalledFromAnotherThread() throws Exception {
        try (Event event = Event.open(dir.resolve("e"), ONLY_LATER_SIGNALS)) {
            Future<Boolean> woke = startWaiting(waiters, event::await);
            event.signal();
            assertThat(woke.get(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void timedAwaitReturnsTrueWhenSignalledFromAnotherThread() throws Exception {
        try (Event event = Event.open(dir.resolve("e"), ONLY_LATER_SIGNALS)) {
            Future<Boolean> woke = startWaiting(waiters, () -> event.await(Duration.ofHours(1)));
            event.signal();
            assertThat(woke.get(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void cancelWaitFromAnotherThreadEndsABlockedAwaitWithFalse() throws Exception {
        try (Event event = Event.open(dir.resolve("e"))) {
            Future<Boolean> untimed = startWaiting(waiters, event::await);
            event.cancelWait();
            assertThat(untimed.get(30, TimeUnit.SECONDS)).isFalse();

            Future<Boolean> timed = startWaiting(waiters, () -> event.await(Duration.ofHours(1)));
            event.cancelWait();
            assertThat(timed.get(30, TimeUnit.SECONDS)).isFalse();

            event.signal();
            assertThat(event.await(LONG)).as("a wait begun after the cancellation is not affected").isTrue();
        }
    }

    @Test
    void cancelWaitEndsEveryWaitInProgressOnTheObject() throws Exception {
        try (Event event = Event.open(dir.resolve("e"))) {
            Future<Boolean> first = startWaiting(waiters, event::await);
            Future<Boolean> second = startWaiting(waiters, event::await);
            event.cancelWait();
            assertThat(first.get(30, TimeUnit.SECONDS)).isFalse();
            assertThat(second.get(30, TimeUnit.SECONDS)).isFalse();
        }
    }

    @Test
    void closeEndsABlockedAwaitWithFalse() throws Exception {
        Event event = Event.open(dir.resolve("e"));
        Future<Boolean> woke = startWaiting(waiters, event::await);
        event.close();
        assertThat(woke.get(30, TimeUnit.SECONDS)).isFalse();
        assertThatThrownBy(event::signal).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(event::await).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void interruptEndsAwaitWithInterruptedException() throws Exception {
        try (Event event = Event.open(dir.resolve("e"))) {
            AtomicReference<Thread> waiter = new AtomicReference<>();
            Future<Boolean> woke = startWaiting(waiters, () -> {
                waiter.set(Thread.currentThread());
                return event.await();
            });
            waiter.get().interrupt();
            assertThatThrownBy(() -> woke.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(InterruptedException.class);
        }
    }

    @Test
    void fireOnInitDeliversAnExistingFileOnTheFirstWait() throws Exception {
        Path file = Files.createFile(dir.resolve("e"));
        try (Event event = Event.open(file)) {
            assertThat(event.await(LONG)).isTrue();
            assertThat(event.await(NOTHING_PENDING)).isFalse();
        }
    }

    @Test
    void withoutFireOnInitOnlyLaterSignalsWake() throws Exception {
        Path file = Files.createFile(dir.resolve("e"));
        try (Event event = Event.open(file, ONLY_LATER_SIGNALS)) {
            assertThat(event.await(NOTHING_PENDING)).as("the existing file is not a signal").isFalse();
            event.signal();
            assertThat(event.await(LONG)).isTrue();
        }
    }

    @Test
    void withoutFireOnInitTheFirstSignalOfAMissingFileWakes() throws Exception {
        try (Event event = Event.open(dir.resolve("e"), ONLY_LATER_SIGNALS)) {
            event.signal();
            assertThat(event.await(LONG)).isTrue();
        }
    }

    /**
     * A change made through a hard link in another directory raises no notification for the
     * event's directory (inotify reports a change to the parent of the path used), so only the
     * poll finds it: a listener polling every 50 ms wakes, one polling every hour still waits
     * seconds later (the default poll of one second would have found it by then).
     */
    @Test
    void pollIntervalFindsChangesThatRaiseNoNotification() throws Exception {
        Path watched = Files.createDirectory(dir.resolve("watched"));
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Path file = Files.createFile(watched.resolve("e"));
        Path link = Files.createLink(elsewhere.resolve("e-link"), file);
        FileSettings quickPoll = FileSettings.builder().pollInterval(Duration.ofMillis(50)).build();
        FileSettings hourlyPoll = FileSettings.builder().pollInterval(Duration.ofHours(1)).build();
        try (Event quick = Event.open(file, ONLY_LATER_SIGNALS, quickPoll);
                Event hourly = Event.open(file, ONLY_LATER_SIGNALS, hourlyPoll)) {
            Future<Boolean> quickWoke = startWaiting(waiters, () -> quick.await(LONG));
            Future<Boolean> hourlyWoke = startWaiting(waiters, () -> hourly.await(LONG));

            Files.setLastModifiedTime(link, FileTime.from(Instant.parse("2021-01-01T00:00:00Z")));

            assertThat(quickWoke.get(30, TimeUnit.SECONDS)).as("found by the 50 ms poll").isTrue();
            org.awaitility.Awaitility.await("the hourly listener to go on waiting")
                    .during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> !hourlyWoke.isDone());
            hourly.cancelWait();
            hourlyWoke.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void severalSignalsBeforeAWaitCoalesceIntoOneWakeUp() throws Exception {
        try (Event event = Event.open(dir.resolve("e"), ONLY_LATER_SIGNALS)) {
            for (int i = 0; i < 5; i++) {
                event.signal();
            }
            assertThat(event.await(LONG)).isTrue();
            assertThat(event.await(NOTHING_PENDING)).isFalse();
        }
    }

    @Test
    void everyEventObjectOnTheFileWakesForOneSignal() throws Exception {
        Path file = dir.resolve("e");
        try (Event first = Event.open(file, ONLY_LATER_SIGNALS);
                Event second = Event.open(file, ONLY_LATER_SIGNALS);
                Event sender = Event.open(file, ONLY_LATER_SIGNALS)) {
            Future<Boolean> firstWoke = startWaiting(waiters, () -> first.await(LONG));
            Future<Boolean> secondWoke = startWaiting(waiters, () -> second.await(LONG));
            sender.signal();
            assertThat(firstWoke.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(secondWoke.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.await(NOTHING_PENDING)).isFalse();
            assertThat(second.await(Duration.ZERO)).isFalse();
        }
    }

    @Test
    void threadsWaitingOnOneEventObjectShareItsMemoryAndOneWakesPerSignal() throws Exception {
        try (Event shared = Event.open(dir.resolve("e"), ONLY_LATER_SIGNALS); Event sender = Event.open(dir.resolve("e"))) {
            Future<Boolean> first = startWaiting(waiters, () -> shared.await(LONG));
            Future<Boolean> second = startWaiting(waiters, () -> shared.await(LONG));
            sender.signal();
            org.awaitility.Awaitility.await().atMost(LONG).until(() -> first.isDone() || second.isDone());
            Future<Boolean> woken = first.isDone() ? first : second;
            Future<Boolean> other = woken == first ? second : first;
            assertThat(woken.get()).isTrue();
            assertThat(other).as("the signal was taken by the other thread").isNotDone();
            sender.signal();
            assertThat(other.get(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void twoSignalsInQuickSuccessionAreBothSeenByAListenerThatWokeBetweenThem() throws Exception {
        Path file = dir.resolve("e");
        try (Event listener = Event.open(file, ONLY_LATER_SIGNALS); Event sender = Event.open(file)) {
            for (int round = 0; round < 20; round++) {
                sender.signal();
                assertThat(listener.await(LONG)).as("first signal of round %d", round).isTrue();
                sender.signal();
                assertThat(listener.await(LONG)).as("second signal of round %d", round).isTrue();
            }
        }
    }

    @Test
    void aSignalIsSeenWhenTheModificationTimeIsForcedBackToItsPreviousValue() throws Exception {
        Path file = dir.resolve("e");
        try (Event listener = Event.open(file, ONLY_LATER_SIGNALS); Event sender = Event.open(file)) {
            sender.signal();
            assertThat(listener.await(LONG)).isTrue();
            FileTime seen = Files.getLastModifiedTime(file);

            sender.signal();
            Files.setLastModifiedTime(file, seen);
            assertThat(Files.getLastModifiedTime(file)).isEqualTo(seen);
            assertThat(listener.await(LONG)).isTrue();
        }
    }

    @Test
    void signalsThatLeaveTheModificationTimeUnchangedAreAllSeen() throws Exception {
        Path file = dir.resolve("e");
        FileTime fixed = FileTime.from(Instant.parse("2024-06-01T12:00:00Z"));
        try (Event listener = Event.open(file, ONLY_LATER_SIGNALS); Event sender = Event.open(file)) {
            for (int i = 0; i < 10; i++) {
                sender.signal();
                Files.setLastModifiedTime(file, fixed);
                assertThat(listener.await(LONG)).as("signal %d", i).isTrue();
                assertThat(listener.await(Duration.ZERO)).isFalse();
            }
        }
    }

    @Test
    void aJavaSignalMovesTheModificationTimeStrictlyForward() throws Exception {
        Path file = Files.createFile(dir.resolve("e"));
        FileTime future = FileTime.from(Instant.now().plus(Duration.ofDays(1)));
        Files.setLastModifiedTime(file, future);
        try (Event sender = Event.open(file)) {
            sender.signal();
        }
        assertThat(Files.getLastModifiedTime(file).toInstant())
                .as("at least one microsecond past the previous time, so Python listeners see it too")
                .isAfterOrEqualTo(future.toInstant().plusNanos(1_000));
    }

    @Test
    void aPythonStyleSignalWakesAJavaListener() throws Exception {
        Path file = Files.createFile(dir.resolve("e"));
        // So that the truncation below moves the time even where the clock is coarse.
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        try (Event listener = Event.open(file, ONLY_LATER_SIGNALS)) {
            Future<Boolean> woke = startWaiting(waiters, () -> listener.await(LONG));
            signalAsPythonDoes(file);
            assertThat(woke.get(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aPythonStyleSignalThatCreatesTheFileWakesAJavaListener() throws Exception {
        Path file = dir.resolve("e");
        try (Event listener = Event.open(file, ONLY_LATER_SIGNALS)) {
            Future<Boolean> woke = startWaiting(waiters, () -> listener.await(LONG));
            signalAsPythonDoes(file);
            assertThat(woke.get(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aMissingFileNeverFires() throws Exception {
        Path file = dir.resolve("e");
        try (Event sender = Event.open(file); Event listener = Event.open(file)) {
            sender.signal();
            Files.delete(file);
            assertThat(listener.await(NOTHING_PENDING)).isFalse();
        }
    }

    @Test
    void negativeTimeoutIsRefused() {
        try (Event event = Event.open(dir.resolve("e"))) {
            assertThatThrownBy(() -> event.await(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void signallingIntoAMissingDirectoryNamesTheFile() {
        FileSettings noCreate = FileSettings.builder().createDirectory(false).build();
        Path file = dir.resolve("missing").resolve("e");
        try (Event event = Event.open(file, EventOptions.DEFAULTS, noCreate)) {
            assertThatThrownBy(event::signal).isInstanceOf(IpsyncException.class).hasMessageContaining(file.toString());
        }
    }

    @Test
    void openingBelowAFileFailsNamingThePath() throws Exception {
        Path notADirectory = Files.createFile(dir.resolve("plain-file"));
        Path file = notADirectory.resolve("e");
        assertThatThrownBy(() -> Event.open(file))
                .isInstanceOf(IpsyncException.class)
                .hasMessageContaining(file.toString());
    }

    /** Python's signal: {@code open(path, "w").close()}, which creates or truncates in place. */
    private static void signalAsPythonDoes(Path file) throws IOException {
        Files.newOutputStream(file).close();
    }

}
