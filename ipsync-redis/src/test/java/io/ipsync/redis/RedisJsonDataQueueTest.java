package io.ipsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.BackOff;
import io.ipsync.ChannelAddress;
import io.ipsync.DeadLetter;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.ReceivedMessage;
import io.ipsync.redis.test.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link JsonDataQueue} on a Redis server, through the public API, as an application uses it. */
class RedisJsonDataQueueTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private final List<JsonDataQueue> opened = new ArrayList<>();

    @AfterEach
    void closeQueues() {
        opened.forEach(JsonDataQueue::close);
    }

    record Order(String id, int quantity) {
    }

    @Test
    void oneProducersMessagesAreTakenInTheOrderItPutThem() throws Exception {
        ChannelAddress address = redis.address(QueueFixture.uniqueName("fifo"));
        JsonDataQueue producer = open(address, QueueOptions.DEFAULTS);
        JsonDataQueue consumer = open(address, QueueOptions.DEFAULTS);
        for (int i = 0; i < 50; i++) {
            producer.put(new Order("A-" + i, i));
        }

        List<Integer> taken = new ArrayList<>();
        consumer.consume(Duration.ofMillis(300), message -> taken.add(message.payload().as(Order.class).quantity()));

        assertThat(taken).hasSize(50).isSorted();
    }

    @Test
    void messagesPutBeforeAnyConsumerCameAreDelivered() throws Exception {
        ChannelAddress address = redis.address(QueueFixture.uniqueName("early"));
        JsonDataQueue producer = open(address, QueueOptions.DEFAULTS);
        producer.put("first");
        producer.putAll(List.of("second", "third"));

        JsonDataQueue consumer = open(address, QueueOptions.DEFAULTS);

        assertThat(List.of(consumer.take(String.class), consumer.take(String.class), consumer.take(String.class)))
                .containsExactly("first", "second", "third");
    }

    @Test
    void competingConsumersTakeEachMessageExactlyOnce() throws Exception {
        ChannelAddress address = redis.address(QueueFixture.uniqueName("compete"));
        JsonDataQueue producer = open(address, QueueOptions.DEFAULTS);
        int messages = 200;
        Map<Integer, Integer> deliveries = new ConcurrentHashMap<>();
        ExecutorService consumers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> counts = new ArrayList<>();
            CountDownLatch ready = new CountDownLatch(4);
            for (int c = 0; c < 4; c++) {
                JsonDataQueue consumer = open(address, QueueOptions.DEFAULTS);
                counts.add(consumers.submit(() -> {
                    ready.countDown();
                    return consumer.consume(Duration.ofSeconds(1),
                            message -> deliveries.merge(message.payload().as(Integer.class), 1, Integer::sum));
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < messages; i++) {
                producer.put(i);
            }
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(messages);
        } finally {
            consumers.shutdownNow();
        }
        assertThat(deliveries).hasSize(messages).allSatisfy((message, times) -> assertThat(times).isEqualTo(1));
    }

    @Test
    void aMessageThatKeepsFailingIsDeadLetteredWithItsPayloadHeadersReasonAndAttemptsAndCanBeReDriven()
            throws Exception {
        ChannelAddress address = redis.address(QueueFixture.uniqueName("dead"));
        QueueOptions options = QueueOptions.builder().maxAttempts(2).backOff(BackOff.fixed(Duration.ofMillis(50))).build();
        JsonDataQueue queue = open(address, options);
        queue.put(new Order("A-1", 1), Map.of("tenant", "acme"));
        AtomicInteger attempts = new AtomicInteger();

        queue.consume(Duration.ofSeconds(1), message -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("warehouse closed");
        });

        assertThat(attempts).hasValue(2);
        assertThat(queue.size()).isZero();
        assertThat(queue.stats().deadLetters()).isEqualTo(1);
        DeadLetter letter = queue.deadLetters().list(10).get(0);
        assertThat(letter.reason()).contains("failed on its last attempt (2 of 2)").contains("warehouse closed");
        assertThat(letter.exception()).contains("IllegalStateException: warehouse closed");
        assertThat(letter.attempts()).isEqualTo(2);
        assertThat(letter.headers()).containsOnly(Map.entry("tenant", "acme"));
        assertThat(new String(letter.content())).isEqualTo("{\"id\":\"A-1\",\"quantity\":1}");
        assertThat(letter.time()).isNotNull();
        assertThat(queue.deadLetters().read(letter.id())).get().usingRecursiveComparison().isEqualTo(letter);

        assertThat(queue.deadLetters().requeue(letter.id())).isTrue();
        assertThat(queue.deadLetters().requeue(letter.id())).isFalse();
        assertThat(queue.deadLetters().count()).isZero();
        try (ReceivedMessage again = queue.receive(WAIT).orElseThrow()) {
            assertThat(again.metadata().attempt()).isEqualTo(1);
            assertThat(again.metadata().headers()).containsOnly(Map.entry("tenant", "acme"));
            assertThat(again.payload().as(Order.class)).isEqualTo(new Order("A-1", 1));
            again.deadLetter("by hand", null);
        }
        assertThat(queue.deadLetters().purgeAll()).isEqualTo(1);
        assertThat(queue.deadLetters().count()).isZero();
    }

    @Test
    void deadLettersAreListedOldestFirstAndPurgedOneByOne() throws Exception {
        JsonDataQueue queue = open(redis.address(QueueFixture.uniqueName("purge")), QueueOptions.DEFAULTS);
        for (int i = 0; i < 3; i++) {
            queue.put(i);
            queue.receive(WAIT).orElseThrow().deadLetter("number " + i, null);
        }

        List<DeadLetter> letters = queue.deadLetters().list(10);

        assertThat(letters).extracting(DeadLetter::reason).containsExactly("number 0", "number 1", "number 2");
        assertThat(queue.deadLetters().purge(letters.get(1).id())).isTrue();
        assertThat(queue.deadLetters().purge(letters.get(1).id())).isFalse();
        assertThat(queue.deadLetters().requeueAll()).isEqualTo(2);
        assertThat(queue.size()).isEqualTo(2);
        assertThatThrownBy(() -> queue.deadLetters().read("not-an-id")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not-an-id");
    }

    /**
     * The interrupt ends the blocking read itself: the read here would wait a minute (a long block
     * slice, and a long lease so that no sweep ends it sooner), and the waiter is over within seconds.
     */
    @Test
    void anInterruptedWaitThrowsAndTakesNothing() throws Exception {
        ChannelAddress address = redis.address(QueueFixture.uniqueName("interrupt"),
                redis.settings().blockSlice(Duration.ofMinutes(1)).build());
        JsonDataQueue consumer = open(address, QueueOptions.builder().reclaimInterval(Duration.ofMinutes(10)).build());
        List<Object> outcome = Collections.synchronizedList(new ArrayList<>());
        Thread waiter = new Thread(() -> {
            try {
                outcome.add(consumer.receive(Duration.ofMinutes(5)));
            } catch (InterruptedException e) {
                outcome.add(e);
            }
        }, "interrupted-consumer");
        waiter.start();
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> redis.commands().clientList().lines()
                .anyMatch(client -> client.contains(" flags=b ") && client.contains(" cmd=xreadgroup ")));

        waiter.interrupt();
        waiter.join(WAIT.toMillis());

        assertThat(waiter.isAlive()).as("still waiting " + WAIT + " after the interrupt").isFalse();
        assertThat(outcome).singleElement().isInstanceOf(InterruptedException.class);

        open(address, QueueOptions.DEFAULTS).put("after");
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> consumer.receive(WAIT)).isInstanceOf(InterruptedException.class);
        try (ReceivedMessage message = consumer.receive(WAIT).orElseThrow()) {
            assertThat(message.metadata().attempt()).as("never taken by the interrupted calls").isEqualTo(1);
            message.acknowledge();
        }
    }

    @Test
    void settlementsCompleteOnAnInterruptedThreadAndLeaveItInterrupted() throws Exception {
        JsonDataQueue queue = open(redis.address(QueueFixture.uniqueName("settle-interrupted")), QueueOptions.DEFAULTS);
        queue.put("one");
        queue.put("two");
        ReceivedMessage first = queue.receive(WAIT).orElseThrow();
        ReceivedMessage second = queue.receive(WAIT).orElseThrow();

        Thread.currentThread().interrupt();
        try {
            first.acknowledge();
            second.release();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        ReceivedMessage again = queue.receive(WAIT).orElseThrow();
        assertThat(again.payload().as(String.class)).isEqualTo("two");
        assertThat(again.metadata().attempt()).isEqualTo(1);
        again.acknowledge();
        assertThat(queue.size()).isZero();
    }

    @Test
    void wakingUpWaitersEndsAWaitPromptly() throws Exception {
        JsonDataQueue consumer = open(redis.address(QueueFixture.uniqueName("wake")), QueueOptions.DEFAULTS);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch waiting = new CountDownLatch(1);
            Future<Optional<ReceivedMessage>> received = executor.submit(() -> {
                waiting.countDown();
                return consumer.receive(Duration.ofSeconds(60));
            });
            assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> {
                consumer.wakeUpWaiters();
                return received.isDone();
            });

            assertThat(received.get()).isEmpty();
        } finally {
            executor.shutdownNow();
        }
    }

    private JsonDataQueue open(ChannelAddress address, QueueOptions options) {
        JsonDataQueue queue = JsonDataQueue.open(address, options);
        opened.add(queue);
        return queue;
    }
}
