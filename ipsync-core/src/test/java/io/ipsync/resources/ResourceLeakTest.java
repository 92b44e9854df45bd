package io.ipsync.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.DataEventOptions;
import io.ipsync.Event;
import io.ipsync.EventOptions;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.file.FileSettings;
import io.ipsync.listener.ContainerOptions;
import io.ipsync.listener.ListenerContainer;
import io.ipsync.listener.ListenerContainers;
import io.ipsync.testing.SharedMemoryTempDirFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Open file descriptors and threads do not grow with use: over 10,000 poll cycles (on an empty
 * queue, and with messages flowing), and after every kind of listener was opened and closed.
 *
 * <p>Counts are taken from {@code /proc/self/fd} and the JVM's live threads, after a warm-up that
 * loads classes and opens the JDK's own files. They are compared with a small allowance, not
 * exactly, because the JVM and the test framework may open a file or start a thread of their own
 * meanwhile; a leak per cycle would exceed the allowance by thousands.
 */
class ResourceLeakTest {

    private static final int CYCLES = 10_000;

    /** File descriptors the JVM or test framework may open on its own during a test. */
    private static final int FD_ALLOWANCE = 8;

    /** Threads the JVM or test framework may start on its own during a test. */
    private static final int THREAD_ALLOWANCE = 3;

    private static final Duration TINY = Duration.ofMillis(1);

    private static final Duration LONG = Duration.ofSeconds(30);

    private static final QueueOptions NO_BACK_OFF = QueueOptions.builder().backOff(io.ipsync.BackOff.none()).build();

    private static final FileSettings QUICK = FileSettings.builder().pollInterval(Duration.ofMillis(100)).build();

    @TempDir(factory = SharedMemoryTempDirFactory.class)
    Path dir;

    @Test
    void tenThousandPollsOfAnEmptyQueueLeakNoFileDescriptorAndNoThread() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir.resolve("empty"), NO_BACK_OFF, QUICK)) {
            for (int i = 0; i < 100; i++) {
                queue.receive(TINY);
            }
            Usage before = Usage.now();
            for (int i = 0; i < CYCLES; i++) {
                assertThat(queue.receive(i % 10 == 0 ? TINY : Duration.ZERO)).isEmpty();
            }
            Usage.now().assertNoGrowthSince(before);
        }
    }

    @Test
    void tenThousandMessagesFlowingThroughAQueueLeakNoFileDescriptorAndNoThread() throws Exception {
        try (JsonDataQueue producer = JsonDataQueue.open(dir.resolve("flowing"), NO_BACK_OFF, QUICK);
                JsonDataQueue consumer = JsonDataQueue.open(dir.resolve("flowing"), NO_BACK_OFF, QUICK)) {
            AtomicInteger handled = new AtomicInteger();
            for (int i = 0; i < 100; i++) {
                producer.put(i);
                consumer.poll(LONG, message -> handled.incrementAndGet());
            }
            Usage before = Usage.now();
            for (int i = 0; i < CYCLES; i++) {
                producer.put(i);
                if (i % 3 == 0) {
                    // a retry shelved and taken again, so that the retry shelf's listings are run too
                    consumer.poll(LONG, message -> {
                        throw new IllegalStateException("once more");
                    });
                }
                assertThat(consumer.poll(LONG, message -> handled.incrementAndGet())).isTrue();
            }
            assertThat(handled).hasValue(100 + CYCLES);
            assertThat(consumer.size()).isZero();
            Usage.now().assertNoGrowthSince(before);
        }
    }

    @Test
    void countingAndInspectingAQueueTenThousandTimesClosesEveryDirectoryStream() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir.resolve("counted"), NO_BACK_OFF, QUICK)) {
            queue.put("waiting");
            queue.poll(LONG, message -> {
                throw new IllegalStateException("to put one on the retry shelf");
            });
            queue.receive(LONG).orElseThrow().deadLetter("to have a dead letter to count", null);
            queue.put("waiting");
            Usage before = Usage.now();
            for (int i = 0; i < CYCLES / 2; i++) {
                assertThat(queue.size()).isEqualTo(1);
                assertThat(queue.stats().deadLetters()).isEqualTo(1);
            }
            Usage.now().assertNoGrowthSince(before);
        }
    }

    @Test
    void closingEveryKindOfListenerGivesBackItsFileDescriptorsAndThreads() throws Exception {
        openAndCloseEveryKind(dir.resolve("warm-up"), 1); // loads classes, opens the JDK's own files
        Usage before = Usage.now();

        openAndCloseEveryKind(dir.resolve("round"), 20);

        await().atMost(LONG).untilAsserted(() -> Usage.now().assertNoGrowthSince(before));
    }

    /**
     * Opens {@code count} of each listener, each actually waiting once (so that it watches its
     * directory), plus a started listener container on each, then stops and closes them all.
     */
    private static void openAndCloseEveryKind(Path base, int count) throws Exception {
        List<AutoCloseable> opened = new ArrayList<>();
        List<ListenerContainer> containers = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Path folder = Files.createDirectories(base.resolve("set-" + i));
                JsonDataQueue queue = JsonDataQueue.open(folder.resolve("queue"), NO_BACK_OFF, QUICK);
                opened.add(queue);
                queue.receive(TINY);
                Event event = Event.open(folder.resolve("signal.event"), EventOptions.DEFAULTS, QUICK);
                opened.add(event);
                event.await(TINY);
                JsonDataEvent data = JsonDataEvent.open(folder.resolve("value.json"), DataEventOptions.DEFAULTS, QUICK);
                opened.add(data);
                data.await(TINY);

                JsonDataQueue containerQueue = JsonDataQueue.open(folder.resolve("container-queue"), NO_BACK_OFF, QUICK);
                opened.add(containerQueue);
                Event containerEvent = Event.open(folder.resolve("container.event"));
                opened.add(containerEvent);
                JsonDataEvent containerData = JsonDataEvent.open(folder.resolve("container.json"));
                opened.add(containerData);
                CountDownLatch allHeard = new CountDownLatch(3);
                containers.add(ListenerContainers.forQueue(containerQueue, message -> allHeard.countDown(), options("q" + i)));
                containers.add(ListenerContainers.forEvent(containerEvent, allHeard::countDown, options("e" + i)));
                containers.add(ListenerContainers.forDataEvent(containerData, value -> allHeard.countDown(), options("d" + i)));
                containers.subList(containers.size() - 3, containers.size()).forEach(ListenerContainer::start);
                containerQueue.put("hello");
                containerEvent.signal();
                containerData.signal("hello");
                assertThat(allHeard.await(LONG.toSeconds(), TimeUnit.SECONDS)).as("every container is listening").isTrue();
            }
        } finally {
            containers.forEach(ListenerContainer::stop);
            for (AutoCloseable closeable : opened) {
                closeable.close();
            }
        }
        assertThat(containers).noneMatch(ListenerContainer::isRunning);
    }


    private static ContainerOptions options(String id) {
        return ContainerOptions.builder(id).pollTimeout(Duration.ofMillis(200)).build();
    }

    /** Open file descriptors and live threads of this JVM. */
    private record Usage(long fileDescriptors, int threads, List<String> threadNames) {

        static Usage now() throws IOException {
            long fds;
            try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
                fds = entries.count();
            }
            List<String> names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList();
            return new Usage(fds, ManagementFactory.getThreadMXBean().getThreadCount(), names);
        }

        void assertNoGrowthSince(Usage before) {
            assertThat(fileDescriptors).as("open file descriptors (%d before)", before.fileDescriptors())
                    .isLessThanOrEqualTo(before.fileDescriptors() + FD_ALLOWANCE);
            assertThat(threads).as("live threads (%d before: %s; now: %s)", before.threads(), before.threadNames(), threadNames)
                    .isLessThanOrEqualTo(before.threads() + THREAD_ALLOWANCE);
        }
    }
}
