package io.ipsync;

import static io.ipsync.testing.WaitingThreads.startWaiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.file.FileSettings;
import io.ipsync.testing.RawMessages;
import io.ipsync.testing.SharedMemoryTempDirFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

class JsonDataQueueTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private static final Duration NOTHING_PENDING = Duration.ofMillis(200);

    @TempDir
    Path dir;

    private final ExecutorService background = Executors.newCachedThreadPool();

    record Order(String id, int quantity) {
    }

    @AfterEach
    void stopBackground() throws InterruptedException {
        background.shutdownNow();
        assertThat(background.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void messagePutIsReceivedConvertedAndRemovedOnAcknowledge() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            String name = queue.put(new Order("A-1", 3));
            assertThat(name).matches("q_\\d{19}_[A-Za-z]{32}");
            assertThat(queue.size()).isEqualTo(1);

            ReceivedMessage message = queue.receive(Duration.ofSeconds(5)).orElseThrow();
            assertThat(message.payload().as(Order.class)).isEqualTo(new Order("A-1", 3));
            assertThat(message.metadata().attempt()).isEqualTo(1);
            assertThat(queue.size()).isZero();
            assertThat(queue.stats().inFlight()).isEqualTo(1);
            message.acknowledge();
            assertThat(queue.stats().inFlight()).isZero();
            assertThat(Files.list(dir).filter(p -> p.getFileName().toString().startsWith("q_"))).isEmpty();
        }
    }

    @Test
    void genericTypesAndNullsRoundTrip() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            queue.put(List.of(new Order("x", 1)));
            queue.put(null);
            assertThat(queue.take(new TypeReference<List<Order>>() {})).containsExactly(new Order("x", 1));
            assertThat((Object) queue.take(Map.class)).isNull();
        }
    }

    @Test
    void putWritesThePayloadAsAFileNamedForPythonConsumers() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            String name = queue.put(Map.of("sku", "A"));
            String nullName = queue.put(null);
            assertThat(Files.readString(dir.resolve(name))).isEqualTo("{\"sku\":\"A\"}");
            assertThat(Files.size(dir.resolve(nullName))).as("null is an empty file").isZero();
            assertThat(RawMessages.names(dir, "")).as("nothing else at the top but the folder of ipsync's own")
                    .containsExactlyInAnyOrder(name, nullName, ".ipsync");
            assertThat(RawMessages.filesBelow(dir.resolve(".ipsync"))).as("no temporary file, no bookkeeping for producers")
                    .isEmpty();
        }
    }

    @Test
    void messageMetadataComesFromTheName() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            String name = queue.put(1);
            ReceivedMessage message = queue.receive(LONG).orElseThrow();
            MessageMetadata metadata = message.metadata();
            assertThat(metadata.name()).isEqualTo(name);
            assertThat(metadata.queue()).isEqualTo(dir.toString());
            assertThat(metadata.producerId()).isEqualTo(name.substring(name.lastIndexOf('_') + 1)).hasSize(32);
            assertThat(metadata.timestamp().toEpochMilli())
                    .isEqualTo(Long.parseLong(name.substring(2, 21)) / 1_000_000);
            message.acknowledge();
        }
    }

    @Test
    void putAllPutsEveryValueInOrder() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            List<String> names = queue.putAll(List.of("a", "b", "c"));
            assertThat(names).hasSize(3).isSorted().doesNotHaveDuplicates();
            assertThat(queue.size()).isEqualTo(3);
            assertThat(List.of(queue.take(String.class), queue.take(String.class), queue.take(String.class)))
                    .containsExactly("a", "b", "c");
        }
    }

    @Test
    void putAllOfAValueThatCannotBeWrittenPutsNothing() {
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            assertThatThrownBy(() -> queue.putAll(List.of("fine", new Unwritable())))
                    .isInstanceOf(UnwritableValueException.class)
                    .hasMessageContaining(Unwritable.class.getName());
            assertThat(queue.size()).isZero();
        }
    }

    /** Jackson cannot write it: its only property fails. */
    static final class Unwritable {

        public String getValue() {
            throw new IllegalStateException("no value");
        }
    }

    @Test
    void blockingTakeWaitsForAMessagePutLater() throws Exception {
        try (JsonDataQueue consumer = JsonDataQueue.open(dir); JsonDataQueue producer = JsonDataQueue.open(dir)) {
            Future<Order> taken = startWaiting(background, () -> consumer.take(Order.class));
            producer.put(new Order("late", 1));
            assertThat(taken.get(30, TimeUnit.SECONDS)).isEqualTo(new Order("late", 1));
            assertThat(consumer.stats().inFlight()).as("take acknowledges before returning").isZero();
        }
    }

    @Test
    void blockingReceiveWaitsForAMessagePutLater() throws Exception {
        try (JsonDataQueue consumer = JsonDataQueue.open(dir); JsonDataQueue producer = JsonDataQueue.open(dir)) {
            Future<ReceivedMessage> received = startWaiting(background, consumer::receive);
            producer.put("hello");
            ReceivedMessage message = received.get(30, TimeUnit.SECONDS);
            assertThat(message.payload().as(String.class)).isEqualTo("hello");
            message.acknowledge();
        }
    }

    @Test
    void receiveWithATimeoutIsEmptyWhenNothingArrives() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            assertThat(queue.receive(NOTHING_PENDING)).isEmpty();
            assertThat(queue.receive(Duration.ZERO)).isEmpty();
            assertThat(queue.poll(NOTHING_PENDING, message -> {
                throw new AssertionError("no message expected");
            })).isFalse();
        }
    }

    @Test
    void wakeUpWaitersEndsAReceiveInProgressEmpty() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            Future<Optional<ReceivedMessage>> received = startWaiting(background, () -> queue.receive(Duration.ofHours(1)));
            queue.wakeUpWaiters();
            assertThat(received.get(30, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void payloadIsConvertedToWhatTheConsumerAsks() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            queue.put(Map.of("id", "A", "quantity", 2));
            try (ReceivedMessage message = queue.receive(LONG).orElseThrow()) {
                JsonPayload payload = message.payload();
                assertThat(payload.as(Order.class)).isEqualTo(new Order("A", 2));
                assertThat(payload.as(new TypeReference<Map<String, Object>>() {}))
                        .containsEntry("id", "A").containsEntry("quantity", 2);
                JsonNode node = payload.asNode();
                assertThat(node.get("quantity").asInt()).isEqualTo(2);
                assertThat(payload.text()).contains("\"id\":\"A\"");
                assertThat(payload.source()).isEqualTo(dir.resolve(message.metadata().name()).toString());
                assertThatThrownBy(() -> payload.as(Integer.class))
                        .isInstanceOf(MessageConversionException.class)
                        .hasMessageContaining(message.metadata().name())
                        .hasMessageContaining("Integer");
                message.acknowledge();
            }
        }
    }

    @Test
    void sizeAndStatsCountEachStateOfAMessage() throws Exception {
        QueueOptions options = QueueOptions.builder().backOff(BackOff.fixed(Duration.ofHours(1))).build();
        try (JsonDataQueue queue = JsonDataQueue.open(dir, options)) {
            QueueStats empty = queue.stats();
            assertThat(empty).isEqualTo(new QueueStats(0, null, 0, 0, 0));

            queue.putAll(List.of("held", "retried", "dead", "waiting"));
            ReceivedMessage held = queue.receive(LONG).orElseThrow();
            queue.receive(LONG).orElseThrow().retry(new IllegalStateException("later"));
            queue.receive(LONG).orElseThrow().deadLetter("test", null);

            QueueStats stats = queue.stats();
            assertThat(stats.waiting()).isEqualTo(1);
            assertThat(stats.oldestWaitingAge()).isNotNull().isGreaterThanOrEqualTo(Duration.ZERO);
            assertThat(stats.inFlight()).isEqualTo(1);
            assertThat(stats.scheduledRetries()).isEqualTo(1);
            assertThat(stats.deadLetters()).isEqualTo(1);
            assertThat(queue.size()).as("waiting now or after a retry delay").isEqualTo(2);
            held.acknowledge();
        }
    }

    @Test
    void pollRunsTheHandlerAndAcknowledgesWhenItReturns() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            queue.put(new Order("p", 1));
            List<ReceivedMessage> handled = new ArrayList<>();
            assertThat(queue.poll(LONG, handled::add)).isTrue();
            assertThat(handled).singleElement().satisfies(message -> {
                assertThat(message.payload().as(Order.class)).isEqualTo(new Order("p", 1));
                assertThat(message.settlement()).isEqualTo(Settlement.ACKNOWLEDGED);
            });
            assertThat(queue.stats()).isEqualTo(new QueueStats(0, null, 0, 0, 0));
        }
    }

    /**
     * Each message is put only after the previous one was handled, so consume must take them as
     * they arrive. Its idle timeout is long (a slow machine must not end it early); it is ended
     * by waking its wait once everything was handled, which returns like an idle timeout.
     */
    @Test
    void consumeHandlesMessagesAsTheyArriveUntilNoneComes() throws Exception {
        int count = 20;
        SynchronousQueue<Integer> handledSignals = new SynchronousQueue<>();
        try (JsonDataQueue consumer = JsonDataQueue.open(dir); JsonDataQueue producer = JsonDataQueue.open(dir)) {
            Future<Long> consumed = background.submit(() -> consumer.consume(LONG,
                    message -> handledSignals.put(message.payload().as(Integer.class))));
            for (int i = 0; i < count; i++) {
                producer.put(i);
                Integer handled = handledSignals.poll(30, TimeUnit.SECONDS);
                assertThat(handled).as("message %d handled before the next is put", i).isEqualTo(i);
            }
            org.awaitility.Awaitility.await().atMost(LONG).until(() -> {
                consumer.wakeUpWaiters();
                return consumed.isDone();
            });
            assertThat(consumed.get()).isEqualTo(count);
            assertThat(consumer.size()).isZero();
        }
    }

    @Test
    void messagesOfTwoProducersAreReceivedInPutOrder() throws Exception {
        int count = 200;
        try (JsonDataQueue first = JsonDataQueue.open(dir);
                JsonDataQueue second = JsonDataQueue.open(dir);
                JsonDataQueue consumer = JsonDataQueue.open(dir)) {
            for (int i = 0; i < count; i++) {
                (i % 2 == 0 ? first : second).put(i);
            }
            List<Integer> received = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                received.add(consumer.take(Integer.class));
            }
            assertThat(received).containsExactlyElementsOf(IntStream.range(0, count).boxed().toList());
        }
    }

    @Test
    void manyProducersAndConsumersHandleEveryMessageExactlyOnce(
            @TempDir(factory = SharedMemoryTempDirFactory.class) Path tmpfs) throws Exception {
        int producers = 4;
        int perProducer = 2_500;
        int total = producers * perProducer;
        Map<Integer, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        AtomicInteger handled = new AtomicInteger();
        try (JsonDataQueue producing = JsonDataQueue.open(tmpfs);
                JsonDataQueue consumingA = JsonDataQueue.open(tmpfs);
                JsonDataQueue consumingB = JsonDataQueue.open(tmpfs)) {
            List<Future<?>> work = new ArrayList<>();
            for (JsonDataQueue consumer : List.of(consumingA, consumingA, consumingB, consumingB)) {
                work.add(background.submit(() -> {
                    while (handled.get() < total) {
                        consumer.poll(Duration.ofMillis(100), message -> {
                            deliveries.computeIfAbsent(message.payload().as(Integer.class), k -> new AtomicInteger())
                                    .incrementAndGet();
                            handled.incrementAndGet();
                        });
                    }
                    return null;
                }));
            }
            for (int p = 0; p < producers; p++) {
                int first = p * perProducer;
                work.add(background.submit(() -> {
                    for (int i = first; i < first + perProducer; i++) {
                        producing.put(i);
                    }
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get(120, TimeUnit.SECONDS);
            }
            assertThat(deliveries).hasSize(total);
            assertThat(deliveries.entrySet()).allSatisfy(e -> assertThat(e.getValue()).as("deliveries of %s", e.getKey()).hasValue(1));
            assertThat(handled).hasValue(total);
            assertThat(producing.stats()).isEqualTo(new QueueStats(0, null, 0, 0, 0));
        }
    }

    @Test
    void namesAreUniqueWhenManyThreadsPutThroughOneQueueObject(
            @TempDir(factory = SharedMemoryTempDirFactory.class) Path tmpfs) throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(tmpfs)) {
            assertUniqueNames(tmpfs, List.of(queue, queue, queue, queue, queue, queue, queue, queue));
        }
    }

    @Test
    void namesAreUniqueWhenManyThreadsPutThroughTheirOwnQueueObjects(
            @TempDir(factory = SharedMemoryTempDirFactory.class) Path tmpfs) throws Exception {
        List<JsonDataQueue> queues = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                queues.add(JsonDataQueue.open(tmpfs));
            }
            assertUniqueNames(tmpfs, queues);
        } finally {
            queues.forEach(JsonDataQueue::close);
        }
    }

    private void assertUniqueNames(Path tmpfs, List<JsonDataQueue> queues) throws Exception {
        int perThread = 2_500;
        Set<String> names = ConcurrentHashMap.newKeySet();
        List<String> duplicates = new CopyOnWriteArrayList<>();
        List<Future<?>> puts = new ArrayList<>();
        for (JsonDataQueue queue : queues) {
            puts.add(background.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    String name = queue.put(null);
                    if (!names.add(name)) {
                        duplicates.add(name);
                    }
                }
                return null;
            }));
        }
        for (Future<?> put : puts) {
            put.get(120, TimeUnit.SECONDS);
        }
        int expected = queues.size() * perThread;
        assertThat(duplicates).isEmpty();
        assertThat(names).hasSize(expected);
        assertThat(RawMessages.waiting(tmpfs)).as("no put replaced another's file").hasSize(expected);
        assertThat(queues.get(0).size()).isEqualTo(expected);
    }

    @Test
    void aMessageIsRemovedOnlyWhenAcknowledged() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            String name = queue.put("keep me");
            ReceivedMessage message = queue.receive(LONG).orElseThrow();
            assertThat(RawMessages.waiting(dir)).isEmpty();
            List<String> claimed = RawMessages.filesBelow(dir.resolve(".ipsync/claims"));
            assertThat(claimed).singleElement().asString().endsWith("/1-" + name);
            assertThat(Files.readString(dir.resolve(".ipsync/claims").resolve(claimed.get(0)))).isEqualTo("\"keep me\"");

            message.acknowledge();
            assertThat(RawMessages.filesBelow(dir.resolve(".ipsync/claims"))).isEmpty();
            assertThat(queue.size()).isZero();
            assertThatThrownBy(message::acknowledge).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already settled");
        }
    }

    @Test
    void aReceivedMessageClosedUnsettledGoesBackWithoutCountingTheAttempt() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            String name = queue.put("again");
            try (ReceivedMessage message = queue.receive(LONG).orElseThrow()) {
                assertThat(message.metadata().attempt()).isEqualTo(1);
            }
            assertThat(RawMessages.waiting(dir)).as("back under its own name").containsExactly(name);
            ReceivedMessage again = queue.receive(LONG).orElseThrow();
            assertThat(again.metadata().name()).isEqualTo(name);
            assertThat(again.metadata().attempt()).isEqualTo(1);
            again.release();
            assertThat(again.settlement()).isEqualTo(Settlement.RELEASED);
            assertThat(queue.receive(LONG).orElseThrow().metadata().attempt()).isEqualTo(1);
        }
    }

    @Test
    void closingTheQueueReleasesTheMessagesItHolds() throws Exception {
        List<String> names;
        try (JsonDataQueue producer = JsonDataQueue.open(dir)) {
            names = producer.putAll(List.of(1, 2, 3));
        }
        ReceivedMessage first;
        try (JsonDataQueue consumer = JsonDataQueue.open(dir)) {
            first = consumer.receive(LONG).orElseThrow();
            consumer.receive(LONG).orElseThrow();
            assertThat(RawMessages.waiting(dir)).hasSize(1);
        }

        assertThat(RawMessages.waiting(dir)).containsExactlyElementsOf(names);
        assertThat(RawMessages.filesBelow(dir.resolve(".ipsync/claims"))).isEmpty();
        assertThat(RawMessages.filesBelow(dir.resolve(".ipsync/owners"))).as("the consumer's identity is given up").isEmpty();
        assertThatThrownBy(first::acknowledge).isInstanceOf(IpsyncException.class).hasMessageContaining("released");

        try (JsonDataQueue next = JsonDataQueue.open(dir)) {
            ReceivedMessage again = next.receive(LONG).orElseThrow();
            assertThat(again.metadata().name()).isEqualTo(names.get(0));
            assertThat(again.metadata().attempt()).as("a release does not count").isEqualTo(1);
            again.acknowledge();
        }
    }

    @Test
    void anotherConsumerCannotTakeAMessageWhileItIsHeld() throws Exception {
        QueueOptions quickReclaim = QueueOptions.builder().reclaimInterval(Duration.ofMillis(10)).build();
        try (JsonDataQueue owner = JsonDataQueue.open(dir, quickReclaim);
                JsonDataQueue other = JsonDataQueue.open(dir, quickReclaim)) {
            owner.put("mine");
            ReceivedMessage held = owner.receive(LONG).orElseThrow();
            assertThat(other.receive(Duration.ofMillis(300))).isEmpty();
            assertThat(other.stats().inFlight()).isEqualTo(1);
            held.acknowledge();
        }
    }

    @Test
    void takeDeadLettersAValueThatDoesNotFitAndReturnsTheNextOne() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            String bad = queue.put("not an order");
            queue.put(new Order("ok", 1));
            assertThat(queue.take(Order.class)).isEqualTo(new Order("ok", 1));
            assertThat(Files.exists(dir.resolve(".ipsync/dead").resolve(bad))).isTrue();
            assertThat(Files.readString(dir.resolve(".ipsync/dead").resolve("reason-" + bad + ".json")))
                    .contains("cannot be converted");
        }
    }

    @Test
    void observerIsToldWhatHappensToMessages() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        QueueObserver observer = new QueueObserver() {
            @Override
            public void sent(String queue, int count) {
                seen.add("sent " + count);
            }

            @Override
            public void received(MessageMetadata message) {
                seen.add("received " + message.attempt());
            }

            @Override
            public void acknowledged(MessageMetadata message, Duration handlingTime) {
                seen.add("acknowledged " + (handlingTime.isNegative() ? "negative" : "ok"));
            }

            @Override
            public void retryScheduled(MessageMetadata message, Duration delay, Throwable cause) {
                seen.add("retry after " + delay + " for " + cause.getMessage());
            }

            @Override
            public void deadLettered(String queue, String name, String reason) {
                seen.add("dead " + reason);
            }
        };
        QueueOptions options = QueueOptions.builder().observer(observer).maxAttempts(2).backOff(BackOff.none()).build();
        try (JsonDataQueue queue = JsonDataQueue.open(dir, options)) {
            queue.putAll(List.of(1, 2));
            queue.receive(LONG).orElseThrow().acknowledge();
            queue.receive(LONG).orElseThrow().retry(new RuntimeException("boom"));
            queue.receive(LONG).orElseThrow().retry(new RuntimeException("boom again"));
        }
        assertThat(seen).containsExactly(
                "sent 2",
                "received 1", "acknowledged ok",
                "received 1", "retry after PT0S for boom",
                "received 2", "dead failed on its last attempt (2 of 2): java.lang.RuntimeException: boom again");
    }

    @Test
    void openingAMissingDirectoryThatIsNotToBeCreatedNamesIt() {
        Path missing = dir.resolve("missing");
        FileSettings noCreate = FileSettings.builder().createDirectory(false).build();
        assertThatThrownBy(() -> JsonDataQueue.open(missing, QueueOptions.DEFAULTS, noCreate))
                .isInstanceOf(IpsyncException.class)
                .hasMessageContaining(missing.toString());
        assertThat(missing).doesNotExist();
    }

    @Test
    void openingAFileAsAQueueFails() throws Exception {
        Path file = Files.createFile(dir.resolve("not-a-directory"));
        assertThatThrownBy(() -> JsonDataQueue.open(file)).isInstanceOf(IpsyncException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void aClosedQueueRefusesPutsAndReceives() {
        JsonDataQueue queue = JsonDataQueue.open(dir);
        queue.close();
        queue.close();
        assertThatThrownBy(() -> queue.put(1)).isInstanceOf(IpsyncException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> queue.receive(Duration.ZERO)).isInstanceOf(IpsyncException.class);
    }
}
