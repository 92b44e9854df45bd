package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.listener.ContainerOptions;
import io.ipsync.listener.ListenerContainer;
import io.ipsync.listener.ListenerContainers;
import io.ipsync.process.Job;
import io.ipsync.process.QueueProducerMain;
import io.ipsync.testing.ChildJvm;
import io.ipsync.testing.RawMessages;
import io.ipsync.testing.SharedMemoryTempDirFactory;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 5,000 messages that arrive at once, from another process, faster than file-system
 * notifications are taken: the notifications overflow, and still every message is consumed,
 * each exactly once.
 *
 * <p>The JDK's watch service keeps at most 512 events per watched directory until they are taken;
 * beyond that it reports a single OVERFLOW event instead (the kernel's own inotify queue, often
 * 16,384 events, overflows the same way when it is not read fast enough). To be sure the burst
 * overflows whatever the machine's speed, the test holds the thread that takes ipsync's
 * notifications (one listener of the shared {@link DirectoryWatcher} blocks on the first message's
 * notification; that thread is the consumers' leader, and while it leads nobody else takes
 * notifications) until the producer is done; a plain watch service on
 * the same directory, not read until then either, shows the overflow. The consumers poll only
 * every ten minutes, so they cannot make up for a lost notification by polling: only ipsync's
 * handling of the overflow (every listener re-checks) brings them the messages.
 */
class NotificationOverflowTest {

    private static final int COUNT = 5_000;

    private static final Duration LONG = Duration.ofSeconds(60);

    /** Longer than the test may take: no consumer finds a message by its periodic re-check. */
    private static final Duration NEVER_WITHIN_THE_TEST = Duration.ofMinutes(10);

    @TempDir(factory = SharedMemoryTempDirFactory.class)
    Path queueDir;

    @Test
    void fiveThousandMessagesArrivingFasterThanNotificationsAreTakenAreAllConsumedExactlyOnce() throws Exception {
        QueueOptions noReclaim = QueueOptions.builder().reclaimInterval(NEVER_WITHIN_THE_TEST).build();
        FileSettings noPolling = FileSettings.builder().pollInterval(NEVER_WITHIN_THE_TEST).build();
        Map<Integer, AtomicInteger> handled = new ConcurrentHashMap<>();
        CountDownLatch watcherHeld = new CountDownLatch(1);
        CountDownLatch releaseWatcher = new CountDownLatch(1);
        List<JsonDataQueue> consumers = new ArrayList<>();
        List<ListenerContainer> containers = new ArrayList<>();
        try (WatchService witness = FileSystems.getDefault().newWatchService();
                DirectoryWatcher.Registration holder = DirectoryWatcher.shared().register(queueDir, false, MessageNames::isMessage,
                        () -> holdOnce(watcherHeld, releaseWatcher))) {
            queueDir.register(witness, StandardWatchEventKinds.ENTRY_CREATE);
            for (int i = 1; i <= 2; i++) {
                JsonDataQueue consumer = JsonDataQueue.open(queueDir, noReclaim, noPolling);
                consumers.add(consumer);
                assertThat(consumer.receive(Duration.ZERO)).as("the queue starts empty").isEmpty(); // now it watches
                ListenerContainer container = ListenerContainers.forQueue(consumer,
                        message -> handled.computeIfAbsent(message.payload().as(Job.class).id(), id -> new AtomicInteger())
                                .incrementAndGet(),
                        ContainerOptions.builder("overflow-" + i).concurrency(2).pollTimeout(NEVER_WITHIN_THE_TEST).build());
                containers.add(container);
                container.start();
            }

            try (ChildJvm producer = ChildJvm.start("producer", QueueProducerMain.class, queueDir.toString(),
                    String.valueOf(COUNT))) {
                producer.awaitSuccess(LONG);
            }
            assertThat(watcherHeld.await(LONG.toSeconds(), TimeUnit.SECONDS))
                    .as("the thread taking ipsync's notifications was held during the burst").isTrue();
            assertThat(overflowed(witness)).as("the burst overflowed a watch that was not read meanwhile").isTrue();

            releaseWatcher.countDown();
            await().atMost(LONG).until(() -> handled.size() == COUNT);
        } finally {
            releaseWatcher.countDown();
            containers.forEach(ListenerContainer::stop);
            consumers.forEach(JsonDataQueue::close);
        }
        assertThat(handled.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, COUNT).boxed().toList());
        assertThat(handled.values()).allSatisfy(times -> assertThat(times).as("deliveries of one message").hasValue(1));
        assertThat(RawMessages.filesBelow(queueDir)).as("nothing is left: no message, temporary file or dead letter").isEmpty();
    }

    /** The first call blocks the calling (notification-taking) thread until released; later calls return at once. */
    private static void holdOnce(CountDownLatch held, CountDownLatch release) {
        if (held.getCount() == 0) {
            return;
        }
        held.countDown();
        try {
            release.await(LONG.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean overflowed(WatchService witness) throws InterruptedException {
        WatchKey key = witness.poll(LONG.toSeconds(), TimeUnit.SECONDS);
        if (key == null) {
            return false;
        }
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                return true;
            }
        }
        return false;
    }
}
