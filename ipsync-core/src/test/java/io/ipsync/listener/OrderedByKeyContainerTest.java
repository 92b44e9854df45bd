package io.ipsync.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.BackOff;
import io.ipsync.DeadLetter;
import io.ipsync.JsonDataQueue;
import io.ipsync.MessageMetadata;
import io.ipsync.QueueOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container that keeps order by key, on a real file queue: each key's messages one after
 * another in put order with several threads, different keys side by side, failures retried in
 * place before the next message of their key.
 */
@Timeout(120)
class OrderedByKeyContainerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<ListenerContainer> containers = new ArrayList<>();

    @AfterEach
    void stopContainers() {
        containers.forEach(ListenerContainer::stop);
    }

    private static Map<String, String> key(String key) {
        return Map.of(MessageMetadata.ORDERING_KEY_HEADER, key);
    }

    @Test
    void eachKeysMessagesAreHandledOneAtATimeInPutOrderWhileKeysRunSideBySide() throws Exception {
        List<String> keys = List.of("a", "b", "c", "d");
        int perKey = 40;
        Map<String, List<Integer>> handled = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();
        AtomicInteger overlapsWithinAKey = new AtomicInteger();
        CountDownLatch secondKeyStarted = new CountDownLatch(1);
        AtomicInteger total = new AtomicInteger();
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            for (int i = 0; i < perKey; i++) {
                for (String key : keys) {
                    queue.put(Map.of("key", key, "n", i), key(key));
                }
            }
            ListenerContainer container = ListenerContainers.forQueue(queue, message -> {
                String key = message.metadata().orderingKey();
                int n = message.payload().asNode().get("n").asInt();
                if (inProgress.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
                    overlapsWithinAKey.incrementAndGet();
                }
                if (key.equals("a") && n == 0) {
                    // holds key a's first message until another key is being handled: keys run side by side
                    assertThat(secondKeyStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                } else if (!key.equals("a")) {
                    secondKeyStarted.countDown();
                }
                handled.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(n);
                inProgress.get(key).decrementAndGet();
                total.incrementAndGet();
            }, ContainerOptions.builder("ordered").concurrency(4).orderedByKey(true).build());
            containers.add(container);
            container.start();

            Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(total).hasValue(keys.size() * perKey));
            assertThat(overlapsWithinAKey).as("two messages of one key handled at once").hasValue(0);
            for (String key : keys) {
                assertThat(handled.get(key)).as("key " + key).isSorted().hasSize(perKey);
            }
            assertThat(queue.stats().deadLetters()).isZero();
        }
    }

    @Test
    void aFailedKeyedMessageIsRetriedInPlaceBeforeTheNextMessageOfItsKey() throws Exception {
        QueueOptions options = QueueOptions.builder().maxAttempts(3).backOff(BackOff.none()).build();
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger firstFailures = new AtomicInteger();
        try (JsonDataQueue queue = JsonDataQueue.open(dir, options)) {
            queue.put("k-1", key("k"));
            queue.put("k-2", key("k"));
            queue.put("doomed", key("d"));
            queue.put("d-2", key("d"));
            ListenerContainer container = ListenerContainers.forQueue(queue, message -> {
                String payload = message.payload().as(String.class);
                calls.add(payload);
                if (payload.equals("k-1") && firstFailures.getAndIncrement() == 0) {
                    throw new IllegalStateException("once");
                }
                if (payload.equals("doomed")) {
                    throw new IllegalStateException("always");
                }
            }, ContainerOptions.builder("retrying").concurrency(2).orderedByKey(true).build());
            containers.add(container);
            container.start();

            Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(calls).contains("k-2", "d-2"));
            List<String> ofK = calls.stream().filter(call -> call.startsWith("k")).toList();
            assertThat(ofK).containsExactly("k-1", "k-1", "k-2");
            List<String> ofD = calls.stream().filter(call -> !call.startsWith("k")).toList();
            assertThat(ofD).as("three attempts in place, then the next of its key").containsExactly("doomed", "doomed",
                    "doomed", "d-2");
            List<DeadLetter> dead = queue.deadLetters().list(10);
            assertThat(dead).singleElement().satisfies(letter -> assertThat(letter.reason())
                    .contains("attempt (3 of 3)").contains("retried in place").contains("'d'"));
        }
    }

    @Test
    void messagesWithoutAKeyAreHandledAsInAnyContainer() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            for (int i = 0; i < 20; i++) {
                queue.put(i);
            }
            ListenerContainer container = ListenerContainers.forQueue(queue, message -> handled.incrementAndGet(),
                    ContainerOptions.builder("keyless").concurrency(3).orderedByKey(true).build());
            containers.add(container);
            container.start();
            Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(handled).hasValue(20));
        }
    }
}
