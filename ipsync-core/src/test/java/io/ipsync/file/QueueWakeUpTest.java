package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.JsonDataQueue;
import io.ipsync.testing.RawMessages;
import io.ipsync.testing.SharedMemoryTempDirFactory;
import io.ipsync.testing.WaitingThreads;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What wakes a waiting consumer, and how a wait ends: the {@code tmp_} files of a producer that
 * writes as jk_interprocesssync does (PROTOCOL.md: {@code tmp_q_<T>_<id>.tmp} at the top of the
 * queue directory, then a rename to {@code q_<T>_<id>}) wake nobody where ipsync reads inotify
 * itself; a burst beyond the notification queue is heard as a loss and recovered from; closing
 * or interrupting ends a leader's wait within bounds, and the descriptors are closed.
 *
 * <p>Runs on Java 17 (the JDK's watch service) and on Java 25 with native access (inotify
 * through FFM, surefire execution {@code java25-notifications}); the first test needs the latter.
 */
class QueueWakeUpTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    /** Longer than the test may take: a wait that ends did so for the reason the test gives it. */
    private static final Duration NEVER_WITHIN_THE_TEST = Duration.ofMinutes(10);

    @TempDir(factory = SharedMemoryTempDirFactory.class)
    Path dir;

    private final AtomicInteger threads = new AtomicInteger();

    private final ExecutorService executor = Executors.newCachedThreadPool(
            task -> new Thread(task, "wake-up-test-" + threads.incrementAndGet()));

    @AfterEach
    void stopThreads() {
        executor.shutdownNow();
    }

    /**
     * One message at a time, each taken before the next is written: with inotify watched for
     * renames only, each message is one delivery to the consumer's registration and the
     * {@code tmp_} file's creation and writing are none. With a mask that also reported
     * creations, the consumer (blocked in poll) would wake for each {@code tmp_} file before its
     * rename, and find nothing.
     */
    @Test
    void aPythonProducersTmpFilesCostTheConsumerNoWakeUp() throws Exception {
        DirectoryWatcher watcher = DirectoryWatcher.shared();
        assumeThat(watcher.sourceKind()).as("inotify through FFM (Java 22+ with native access)").isEqualTo("native");
        int count = 200;
        AtomicInteger taken = new AtomicInteger();
        try (JsonDataQueue consumer = JsonDataQueue.open(dir)) {
            assertThat(consumer.receive(Duration.ZERO)).as("the queue starts empty; now it is watched").isEmpty();
            Future<?> taking = executor.submit(() -> {
                while (taken.get() < count) {
                    consumer.poll(LONG, message -> taken.incrementAndGet());
                }
                return null;
            });
            NotificationSource.Deliveries before = watcher.deliveries();
            for (int i = 0; i < count; i++) {
                RawMessages.write(dir, RawMessages.name(1_000_000L + i), "{\"n\": " + i + "}");
                int expected = i + 1;
                await("message " + expected + " taken").atMost(LONG).pollInterval(Duration.ofMillis(1))
                        .until(() -> taken.get() >= expected);
            }
            taking.get(LONG.toSeconds(), TimeUnit.SECONDS);
            NotificationSource.Deliveries after = watcher.deliveries();

            assertThat(after.empty() - before.empty()).as("deliveries that told no listener anything").isZero();
            assertThat(after.taken() - before.taken()).as("deliveries of notifications").isPositive()
                    .isLessThanOrEqualTo(count);
        }
        assertThat(RawMessages.filesBelow(dir)).as("every message taken, no tmp_ file left").isEmpty();
    }

    /**
     * Nobody takes notifications while more renames happen than either queue keeps (the kernel's
     * inotify queue, {@code max_queued_events}, which overflows with {@code IN_Q_OVERFLOW}; the
     * JDK's 512 events per key): the registration hears of a loss, so its channel lists the
     * directory instead of trusting notifications.
     */
    @Test
    void aBurstBeyondTheNotificationQueueIsHeardAsALoss() throws Exception {
        DirectoryWatcher watcher = new DirectoryWatcher(FileSystems.getDefault());
        Path queue = Files.createDirectory(dir.resolve("queue"));
        Path outside = Files.createDirectory(dir.resolve("outside"));
        AtomicInteger losses = new AtomicInteger();
        AtomicInteger names = new AtomicInteger();
        int burst = maxQueuedEvents() + 100;
        try (DirectoryWatcher.Registration registration = watcher.register(queue, WatchInterest.RENAMED_IN,
                MessageNames::isMessage, new DirectoryWatcher.Listener() {
                    @Override
                    public void changed(List<String> changed) {
                        names.addAndGet(changed.size());
                    }

                    @Override
                    public void lost() {
                        losses.incrementAndGet();
                    }
                })) {
            for (int i = 0; i < burst; i++) {
                Path file = Files.createFile(outside.resolve("m" + i));
                Files.move(file, queue.resolve(RawMessages.name(i)), StandardCopyOption.ATOMIC_MOVE);
            }
            await("a loss, taken by a look").atMost(LONG).until(() -> {
                watcher.deliverPending();
                return losses.get() > 0;
            });
            assertThat(names.get()).as("fewer names than renames: some were dropped").isLessThan(burst);
        }
    }

    /**
     * A leader blocked waiting (in the watch service, or in poll(2) on inotify) while the last
     * registration closes: its wait ends, and the descriptors of the source are closed once it
     * has left (not under it: a closed descriptor's number may be reused at once).
     */
    @Test
    void closingTheLastRegistrationEndsTheLeadersWaitAndClosesTheDescriptors() throws Exception {
        DirectoryWatcher watcher = new DirectoryWatcher(FileSystems.getDefault());
        long descriptorsBefore = notificationDescriptors();
        ChangeCounter counter = new ChangeCounter();
        DirectoryWatcher.Registration registration = watcher.register(dir, WatchInterest.RENAMED_IN, name -> true,
                counter::increment);
        assertThat(notificationDescriptors()).as("the source's descriptors").isGreaterThan(descriptorsBefore);
        long seen = counter.current();
        AtomicReference<Thread> leader = new AtomicReference<>();
        Future<Boolean> waiting = executor.submit(() -> {
            leader.set(Thread.currentThread());
            return watcher.awaitChange(counter, seen, NEVER_WITHIN_THE_TEST.toNanos());
        });
        await().atMost(LONG).until(() -> leader.get() != null);
        WaitingThreads.awaitParkedIn(leader.get(), "io.ipsync.file.DirectoryWatcher", "lead");

        registration.close();

        assertThat(waiting.get(LONG.toSeconds(), TimeUnit.SECONDS)).as("ended without a change").isFalse();
        await("the descriptors to be closed").atMost(LONG).until(() -> notificationDescriptors() == descriptorsBefore);
    }

    /**
     * An interrupt cannot end a poll(2) in progress: the leader polls in short slices and checks
     * after each, so the interrupt ends its ten-minute wait within a bound (the JDK's watch
     * service hears it at once).
     */
    @Test
    void anInterruptEndsALeadersLongWaitWithinABound() throws Exception {
        DirectoryWatcher watcher = new DirectoryWatcher(FileSystems.getDefault());
        ChangeCounter counter = new ChangeCounter();
        try (DirectoryWatcher.Registration registration = watcher.register(dir, WatchInterest.RENAMED_IN, name -> true,
                counter::increment)) {
            long seen = counter.current();
            AtomicReference<Throwable> ended = new AtomicReference<>();
            Thread leader = new Thread(() -> {
                try {
                    watcher.awaitChange(counter, seen, NEVER_WITHIN_THE_TEST.toNanos());
                    ended.set(new AssertionError("returned without an interrupt"));
                } catch (Throwable e) {
                    ended.set(e);
                }
            }, "wake-up-test-interrupted");
            leader.start();
            WaitingThreads.awaitParkedIn(leader, "io.ipsync.file.DirectoryWatcher", "lead");

            long interruptedAt = System.nanoTime();
            leader.interrupt();
            leader.join(LONG.toMillis());
            Duration took = Duration.ofNanos(System.nanoTime() - interruptedAt);

            assertThat(ended.get()).isInstanceOf(InterruptedException.class);
            // 100 ms slices; generous for a loaded machine, far below the wait's ten minutes.
            assertThat(took).as("from the interrupt to the end of the wait").isLessThan(Duration.ofSeconds(5));
        }
    }

    /** The maximum of the kernel's inotify queue per descriptor (16,384 unless changed). */
    private static int maxQueuedEvents() throws IOException {
        Path limit = Path.of("/proc/sys/fs/inotify/max_queued_events");
        // Not Files.readString: it trusts the size /proc reports for the file, and reads a single byte.
        return Files.isReadable(limit) ? Integer.parseInt(Files.readAllLines(limit).get(0).trim()) : 16_384;
    }

    /** This process's open inotify descriptors and eventfds (what the JDK's watch service and ipsync's own source hold). */
    private static long notificationDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    return target.equals("anon_inode:inotify") || target.equals("anon_inode:[eventfd]");
                } catch (IOException gone) {
                    return false; // the descriptor of the listing itself, closed meanwhile
                }
            }).count();
        }
    }
}
