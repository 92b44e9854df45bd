package io.ipsync.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipsync.DataEventOptions;
import io.ipsync.Event;
import io.ipsync.EventOptions;
import io.ipsync.IpsyncException;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.ReceivedMessage;
import io.ipsync.Settlement;
import io.ipsync.file.FileSettings;
import io.ipsync.listener.ContainerOptions;
import io.ipsync.listener.ListenerContainer;
import io.ipsync.listener.ListenerContainers;
import io.ipsync.listener.ListenerFailure;
import io.ipsync.testing.RawMessages;
import io.ipsync.testing.SmallTmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens when the disk is full: on a tmpfs of 1 MiB mounted for each test (skipped, with
 * the reason, where the machine does not allow mounting), filled to the last byte and freed again.
 *
 * <p>On a full file system names can still be created, renamed and removed; only content cannot
 * be written. So a put fails, while claims, acknowledgements and retries (all renames and
 * unlinks) go on.
 */
class FullFileSystemTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private static final FileSettings QUICK = FileSettings.builder().pollInterval(Duration.ofMillis(100)).build();

    /** Big enough to need a page of its own, as every non-empty message does on tmpfs. */
    private static final String ORDER = "order-" + "x".repeat(2_000);

    @TempDir
    Path scratch;

    private SmallTmpfs disk;

    private Path queueDir;

    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = SmallTmpfs.mount(scratch.resolve("small-disk"), "1m");
        queueDir = Files.createDirectory(disk.root().resolve("orders"));
    }

    @AfterEach
    void unmountWhateverHappened() throws Exception {
        try {
            for (int i = toClose.size() - 1; i >= 0; i--) {
                toClose.get(i).close();
            }
        } finally {
            if (disk != null) {
                disk.close();
            }
        }
    }

    private JsonDataQueue queue() {
        JsonDataQueue queue = JsonDataQueue.open(queueDir, QueueOptions.DEFAULTS, QUICK);
        toClose.add(queue);
        return queue;
    }

    @Test
    void putOnAFullDiskFailsNamingTheQueueAndLeavesNoPartialMessage() throws Exception {
        JsonDataQueue queue = queue();
        String before = queue.put("before the disk filled up");
        disk.fill();

        assertThatThrownBy(() -> queue.put(ORDER))
                .isInstanceOf(IpsyncException.class)
                .hasMessageContaining(queueDir.toString())
                .hasMessageContaining("No space left on device");
        assertThatThrownBy(() -> queue.putAll(List.of(ORDER, ORDER)))
                .isInstanceOf(IpsyncException.class)
                .hasMessageContaining("No space left on device");

        assertThat(RawMessages.waiting(queueDir)).as("no partial message is visible").containsExactly(before);
        assertThat(RawMessages.names(queueDir, "tmp_")).as("the failed puts' temporary files are removed").isEmpty();
        assertThat(queue.size()).isEqualTo(1);

        disk.free();
        String after = queue.put(ORDER);
        assertThat(RawMessages.waiting(queueDir)).containsExactly(before, after);
        assertThat(queue.receive(LONG).orElseThrow().payload().as(String.class)).isEqualTo("before the disk filled up");
    }

    @Test
    void aListenerContainerKeepsRunningThroughAFullDiskAndCatchesUpOnceSpaceReturns() throws Exception {
        JsonDataQueue producer = queue();
        JsonDataQueue consumer = queue();
        for (int i = 0; i < 3; i++) {
            producer.put(ORDER + "-waiting-" + i);
        }
        disk.fill();

        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        List<ListenerFailure> failures = new CopyOnWriteArrayList<>();
        ListenerContainer container = ListenerContainers.forQueue(consumer,
                message -> handled.computeIfAbsent(message.payload().as(String.class), k -> new AtomicInteger()).incrementAndGet(),
                ContainerOptions.builder("full-disk").concurrency(2).pollTimeout(Duration.ofMillis(200))
                        .recoveryInterval(Duration.ofMillis(100)).errorHandler(failures::add).build());
        toClose.add(container::stop);
        container.start();

        await().atMost(LONG).until(() -> handled.size() == 3);
        assertThat(failures).as("taking and acknowledging need no space: nothing fails").isEmpty();
        disk.fill(); // the acknowledged messages gave their pages back
        int failedPuts = 0;
        for (int i = 0; i < 5; i++) {
            try {
                producer.put(ORDER + "-while-full-" + i);
            } catch (IpsyncException full) {
                failedPuts++;
            }
        }
        assertThat(failedPuts).isEqualTo(5);
        assertThat(container.isRunning()).isTrue();

        disk.free();
        for (int i = 0; i < 3; i++) {
            producer.put(ORDER + "-after-" + i);
        }
        await().atMost(LONG).until(() -> handled.size() == 6);
        assertThat(handled.values()).allSatisfy(count -> assertThat(count).hasValue(1));
        assertThat(handled).doesNotContainKey(ORDER + "-while-full-0");
        assertThat(failures).isEmpty();
        assertThat(container.isRunning()).isTrue();
    }

    @Test
    void publishingOnAFullDiskFailsKeepsThePreviousValueAndTheListenerCarriesOnOnceSpaceReturns() throws Exception {
        Path file = disk.root().resolve("price.json");
        JsonDataEvent publisher = JsonDataEvent.open(file, DataEventOptions.DEFAULTS, QUICK);
        toClose.add(publisher);
        JsonDataEvent reader = JsonDataEvent.open(file, DataEventOptions.DEFAULTS, QUICK);
        toClose.add(reader);
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        ListenerContainer container = ListenerContainers.forDataEvent(reader,
                value -> seen.add(value == null ? "null" : value.as(String.class)),
                ContainerOptions.builder("full-disk-values").pollTimeout(Duration.ofMillis(200)).build());
        toClose.add(container::stop);
        container.start();
        publisher.signal("first " + ORDER);
        assertThat(seen.poll(LONG.toSeconds(), TimeUnit.SECONDS)).isEqualTo("first " + ORDER);
        disk.fill();

        assertThatThrownBy(() -> publisher.signal("second " + ORDER))
                .isInstanceOf(IpsyncException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("No space left on device");
        assertThat(Files.readString(file)).as("the previous value stays whole").isEqualTo("\"first " + ORDER + "\"");
        assertThat(RawMessages.names(disk.root(), ".")).as("no temporary sibling is left").isEmpty();
        assertThat(reader.latest().orElseThrow().as(String.class)).isEqualTo("first " + ORDER);
        assertThat(container.isRunning()).isTrue();

        disk.free();
        publisher.signal("third " + ORDER);
        assertThat(seen.poll(LONG.toSeconds(), TimeUnit.SECONDS)).isEqualTo("third " + ORDER);
        assertThat(seen).isEmpty();
    }

    @Test
    void signallingAnEventNeedsNoSpaceAndWorksOnAFullDisk() throws Exception {
        EventOptions options = EventOptions.builder().fireOnInit(false).build();
        Event sender = Event.open(disk.root().resolve("reload.event"), options);
        toClose.add(sender);
        Event listener = Event.open(disk.root().resolve("reload.event"), options);
        toClose.add(listener);
        disk.fill();

        sender.signal();
        assertThat(listener.await(LONG)).isTrue();
    }

    @Test
    void aConsumerStartedOnAFullDiskTakesTheWaitingMessages() throws Exception {
        JsonDataQueue producer = queue();
        producer.put(ORDER);
        disk.fill();

        JsonDataQueue consumer = queue();
        AtomicInteger handled = new AtomicInteger();
        assertThat(consumer.consume(Duration.ofMillis(300), message -> handled.incrementAndGet())).isEqualTo(1);
        assertThat(handled).hasValue(1);
        assertThat(consumer.size()).isZero();
    }

    @Test
    void aMalformedMessageThatCannotBeDeadLetteredOnAFullDiskIsKeptAndSetAsideOnceSpaceReturns() throws Exception {
        String malformed = RawMessages.name(1);
        RawMessages.write(queueDir, malformed, "{\"truncated\": ");
        JsonDataQueue producer = queue();
        String good = producer.put(null); // empty: acknowledging it frees no space
        disk.fill();

        JsonDataQueue consumer = queue();
        List<String> handled = new CopyOnWriteArrayList<>();
        consumer.consume(Duration.ofMillis(300), message -> handled.add(message.metadata().name()));
        assertThat(handled).as("the consumer went on past the message it could not set aside").containsExactly(good);
        assertThat(consumer.stats().deadLetters()).isZero();
        assertThat(consumer.stats().inFlight()).as("still claimed by the consumer, not lost").isEqualTo(1);
        assertThat(RawMessages.filesBelow(queueDir.resolve(".ipsync/dead")))
                .as("no half-written reason file is left behind").isEmpty();

        disk.free();
        assertThat(consumer.poll(Duration.ofMillis(300), message -> handled.add(message.metadata().name()))).isFalse();
        assertThat(consumer.stats().deadLetters()).isEqualTo(1);
        assertThat(consumer.stats().inFlight()).isZero();
        assertThat(Files.readString(queueDir.resolve(".ipsync/dead/reason-" + malformed + ".json"))).contains("does not hold valid JSON");
        assertThat(Files.readString(queueDir.resolve(".ipsync/dead/" + malformed))).isEqualTo("{\"truncated\": ");
    }

    @Test
    void aMalformedMessageOwedAsDeadLetterGoesBackToTheQueueWhenTheConsumerCloses() throws Exception {
        String malformed = RawMessages.name(1);
        RawMessages.write(queueDir, malformed, "not json");
        disk.fill();

        try (JsonDataQueue consumer = JsonDataQueue.open(queueDir, QueueOptions.DEFAULTS, QUICK)) {
            assertThat(consumer.receive(Duration.ofMillis(300))).isEmpty();
            assertThat(RawMessages.waiting(queueDir)).isEmpty();
        }
        assertThat(RawMessages.waiting(queueDir)).containsExactly(malformed);
    }

    @Test
    void aHandlerFailureOnTheLastAttemptThatCannotBeDeadLetteredLeavesTheMessagePendingAndNotLost() throws Exception {
        JsonDataQueue producer = queue();
        String name = producer.put(ORDER);
        disk.fill();

        try (JsonDataQueue consumer = JsonDataQueue.open(queueDir, QueueOptions.builder().maxAttempts(1).build(), QUICK)) {
            ReceivedMessage message = consumer.receive(LONG).orElseThrow();
            assertThatThrownBy(() -> message.retry(new IllegalStateException("handler failed")))
                    .isInstanceOf(IpsyncException.class)
                    .hasMessageContaining("No space left on device");
            assertThat(message.settlement()).isEqualTo(Settlement.PENDING);
            assertThat(RawMessages.filesBelow(queueDir.resolve(".ipsync/dead"))).isEmpty();
        }
        assertThat(RawMessages.waiting(queueDir)).as("closing gave it back").containsExactly(name);

        disk.free();
        try (JsonDataQueue consumer = JsonDataQueue.open(queueDir, QueueOptions.builder().maxAttempts(1).build(), QUICK)) {
            consumer.poll(LONG, message -> {
                throw new IllegalStateException("fails again");
            });
            assertThat(consumer.stats().deadLetters()).isEqualTo(1);
        }
    }
}
