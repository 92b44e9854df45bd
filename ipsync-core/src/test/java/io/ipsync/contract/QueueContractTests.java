package io.ipsync.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.BackOff;
import io.ipsync.ChannelAddress;
import io.ipsync.DeadLetter;
import io.ipsync.JsonDataQueue;
import io.ipsync.MessageMetadata;
import io.ipsync.MessageTooLargeException;
import io.ipsync.QueueOptions;
import io.ipsync.QueueStats;
import io.ipsync.ReceivedMessage;
import io.ipsync.Settlement;
import io.ipsync.listener.ContainerOptions;
import io.ipsync.listener.ListenerContainer;
import io.ipsync.listener.ListenerContainers;
import io.ipsync.spi.Claim;
import io.ipsync.spi.ClaimLostException;
import io.ipsync.spi.QueueChannel;
import io.ipsync.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every transport's queues keep (see {@link QueueChannel}), run against real storage.
 * A transport's test module extends this class with its {@link TransportFixture}.
 */
@Timeout(120)
public abstract class QueueContractTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final QueueOptions NO_BACK_OFF = QueueOptions.builder().backOff(BackOff.none()).build();

    /** The transport under test. */
    protected abstract TransportFixture fixture();

    private JsonDataQueue open(ChannelAddress address, QueueOptions options) {
        return JsonDataQueue.open(address, options, fixture().transport());
    }

    private ReceivedMessage receive(JsonDataQueue queue) throws InterruptedException {
        return queue.receive(WAIT).orElseThrow(() -> new AssertionError("no message within " + WAIT + " from " + queue));
    }

    @Test
    void oneProducersMessagesAreTakenInTheOrderItPutThem() throws Exception {
        ChannelAddress address = fixture().newQueue("fifo");
        try (JsonDataQueue queue = open(address, QueueOptions.DEFAULTS)) {
            for (int i = 0; i < 50; i++) {
                queue.put(Map.of("n", i));
            }
            for (int i = 0; i < 50; i++) {
                try (ReceivedMessage message = receive(queue)) {
                    assertThat(message.payload().asNode().get("n").asInt()).isEqualTo(i);
                    message.acknowledge();
                }
            }
            assertThat(queue.receive(Duration.ZERO)).isEmpty();
        }
    }

    @Test
    void messagesPutBeforeAnyConsumerAreDelivered() throws Exception {
        ChannelAddress address = fixture().newQueue("before-consumers");
        try (JsonDataQueue producer = open(address, QueueOptions.DEFAULTS)) {
            producer.putAll(List.of("a", "b", "c"));
        }
        try (JsonDataQueue consumer = open(address, QueueOptions.DEFAULTS)) {
            List<String> taken = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                taken.add(consumer.take(String.class));
            }
            assertThat(taken).containsExactly("a", "b", "c");
        }
    }

    @Test
    void competingConsumersTakeEachMessageOnce() throws Exception {
        ChannelAddress address = fixture().newQueue("competing");
        int count = 400;
        int consumers = 4;
        Map<Integer, Integer> handled = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        CountDownLatch allHandled = new CountDownLatch(count);
        List<JsonDataQueue> queues = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(consumers);
        try (JsonDataQueue producer = open(address, QueueOptions.DEFAULTS)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                JsonDataQueue queue = open(address, QueueOptions.DEFAULTS);
                queues.add(queue);
                int consumer = c;
                running.add(threads.submit(() -> {
                    while (allHandled.getCount() > 0) {
                        queue.poll(Duration.ofMillis(200), message -> {
                            int n = message.payload().as(Integer.class);
                            if (handled.putIfAbsent(n, consumer) != null) {
                                duplicates.incrementAndGet();
                            }
                            allHandled.countDown();
                        });
                    }
                    return null;
                }));
            }
            List<Integer> values = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                values.add(i);
            }
            producer.putAll(values);
            assertThat(allHandled.await(WAIT.toSeconds() * 2, TimeUnit.SECONDS)).as("every message handled").isTrue();
            for (JsonDataQueue queue : queues) {
                queue.wakeUpWaiters();
            }
            for (Future<?> consumer : running) {
                consumer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            assertThat(duplicates).hasValue(0);
            assertThat(handled).hasSize(count);
            assertThat(producer.size()).isZero();
        } finally {
            threads.shutdownNow();
            queues.forEach(JsonDataQueue::close);
        }
    }

    @Test
    void headersTravelWithTheMessage() throws Exception {
        ChannelAddress address = fixture().newQueue("headers");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        headers.put("reply-to", "replies");
        headers.put("empty", "");
        headers.put("unicode", "Grüße, 東京 \uD83D\uDE80");
        try (JsonDataQueue queue = open(address, QueueOptions.DEFAULTS)) {
            queue.put("with", headers);
            queue.put("without");
            try (ReceivedMessage first = receive(queue); ReceivedMessage second = receive(queue)) {
                assertThat(first.payload().as(String.class)).isEqualTo("with");
                assertThat(first.metadata().headers()).isEqualTo(headers);
                assertThat(first.metadata().header("reply-to")).isEqualTo("replies");
                assertThat(second.payload().as(String.class)).isEqualTo("without");
                assertThat(second.metadata().headers()).isEmpty();
                first.acknowledge();
                second.acknowledge();
            }
        }
    }

    @Test
    void headersBreakingTheRulesAreRefusedAtPutNamingTheHeader() {
        ChannelAddress address = fixture().newQueue("bad-headers");
        try (JsonDataQueue queue = open(address, QueueOptions.DEFAULTS)) {
            assertThatThrownBy(() -> queue.put("x", Map.of("", "v"))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> queue.put("x", Map.of("big", "v".repeat(5000))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("big");
            assertThat(queue.size()).isZero();
        }
    }

    @Test
    void aMessageLargerThanTheMaximumIsRefusedAtPutNamingTheQueueAndTheLimit() {
        ChannelAddress address = fixture().newQueue("too-large");
        QueueOptions small = QueueOptions.builder().maxMessageSize(100).build();
        try (JsonDataQueue queue = open(address, small)) {
            assertThatThrownBy(() -> queue.put("x".repeat(200))).isInstanceOf(MessageTooLargeException.class)
                    .hasMessageContaining(queue.location()).hasMessageContaining("202 bytes")
                    .hasMessageContaining("maximum is 100 bytes");
            assertThatThrownBy(() -> queue.putAll(List.of("fits", "x".repeat(200))))
                    .isInstanceOf(MessageTooLargeException.class);
            assertThat(queue.size()).as("nothing was stored, not even the message before it").isZero();
            queue.put("x".repeat(98));
            assertThat(queue.size()).isEqualTo(1);
        }
    }

    @Test
    void aFailedMessageIsRetriedAfterItsBackOffAsTheNextAttempt() throws Exception {
        ChannelAddress address = fixture().newQueue("back-off");
        Duration backOff = Duration.ofMillis(400);
        QueueOptions options = QueueOptions.builder().backOff(BackOff.fixed(backOff)).build();
        try (JsonDataQueue queue = open(address, options)) {
            queue.put("flaky");
            ReceivedMessage first = receive(queue);
            assertThat(first.metadata().attempt()).isEqualTo(1);
            long failedAt = System.nanoTime();
            assertThat(first.retry(new IllegalStateException("not yet"))).isEqualTo(Settlement.RETRY_SCHEDULED);
            try (ReceivedMessage second = receive(queue)) {
                long waited = System.nanoTime() - failedAt;
                // transports keep due times to the millisecond
                assertThat(Duration.ofNanos(waited)).as("the retry waited for its back-off")
                        .isGreaterThanOrEqualTo(backOff.minusMillis(1));
                assertThat(second.metadata().attempt()).isEqualTo(2);
                assertThat(second.metadata().name()).isEqualTo(first.metadata().name());
                second.acknowledge();
            }
        }
    }

    @Test
    void aDueRetryIsTakenBeforeWaitingMessages() throws Exception {
        ChannelAddress address = fixture().newQueue("retry-first");
        try (JsonDataQueue queue = open(address, NO_BACK_OFF)) {
            queue.put("failing");
            receive(queue).retry(new IllegalStateException("once"));
            queue.putAll(List.of("later-1", "later-2"));
            try (ReceivedMessage next = receive(queue)) {
                assertThat(next.payload().as(String.class)).isEqualTo("failing");
                assertThat(next.metadata().attempt()).isEqualTo(2);
                next.acknowledge();
            }
        }
    }

    @Test
    void aReleasedMessageComesBackAtOnceWithoutCountingTheAttempt() throws Exception {
        ChannelAddress address = fixture().newQueue("release");
        try (JsonDataQueue queue = open(address, QueueOptions.DEFAULTS)) {
            queue.put("given back");
            receive(queue).release();
            try (ReceivedMessage again = receive(queue)) {
                assertThat(again.metadata().attempt()).isEqualTo(1);
                again.acknowledge();
            }
        }
    }

    @Test
    void theLastFailedAttemptIsDeadLetteredWithItsReasonAndCanBeRedriven() throws Exception {
        ChannelAddress address = fixture().newQueue("dead-letters");
        QueueOptions options = QueueOptions.builder().maxAttempts(2).backOff(BackOff.none()).build();
        try (JsonDataQueue queue = open(address, options)) {
            queue.put(Map.of("order", "A-17"), Map.of("tenant", "acme"));
            for (int attempt = 1; attempt <= 2; attempt++) {
                ReceivedMessage message = receive(queue);
                assertThat(message.metadata().attempt()).isEqualTo(attempt);
                message.retry(new IllegalArgumentException("no such customer"));
            }
            assertThat(queue.receive(Duration.ofMillis(200))).isEmpty();
            assertThat(queue.deadLetters().count()).isEqualTo(1);
            DeadLetter dead = queue.deadLetters().list(10).get(0);
            assertThat(dead.reason()).contains("no such customer");
            assertThat(dead.exception()).contains("IllegalArgumentException");
            assertThat(dead.attempts()).isEqualTo(2);
            assertThat(dead.headers()).containsEntry("tenant", "acme");
            assertThat(new String(dead.content(), StandardCharsets.UTF_8)).contains("A-17");
            assertThat(queue.deadLetters().read(dead.id())).get().extracting(DeadLetter::messageId).isEqualTo(dead.messageId());
            assertThat(queue.stats().deadLetters()).isEqualTo(1);

            assertThat(queue.deadLetters().requeue(dead.id())).isTrue();
            assertThat(queue.deadLetters().requeue(dead.id())).as("a second re-drive finds nothing").isFalse();
            assertThat(queue.deadLetters().count()).isZero();
            try (ReceivedMessage back = receive(queue)) {
                assertThat(back.metadata().attempt()).as("attempts reset").isEqualTo(1);
                assertThat(back.metadata().headers()).containsEntry("tenant", "acme");
                assertThat(back.payload().asNode().get("order").asString()).isEqualTo("A-17");
                back.deadLetter("set aside by hand", null);
            }
            assertThat(queue.deadLetters().count()).isEqualTo(1);
            assertThat(queue.deadLetters().purgeAll()).isEqualTo(1);
            assertThat(queue.deadLetters().list(10)).isEmpty();
            assertThat(queue.deadLetters().read(dead.id())).isEmpty();
        }
    }

    @Test
    void requeueAllPutsEveryDeadLetterBack() throws Exception {
        ChannelAddress address = fixture().newQueue("requeue-all");
        try (JsonDataQueue queue = open(address, QueueOptions.DEFAULTS)) {
            queue.putAll(List.of("one", "two", "three"));
            for (int i = 0; i < 3; i++) {
                receive(queue).deadLetter("bad batch", null);
            }
            assertThat(queue.deadLetters().requeueAll()).isEqualTo(3);
            List<String> back = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                back.add(queue.take(String.class));
            }
            assertThat(back).containsExactlyInAnyOrder("one", "two", "three");
            assertThat(queue.deadLetters().count()).isZero();
        }
    }

    @Test
    void malformedAndOversizedMessagesAreDeadLetteredAndTheConsumerGoesOn() throws Exception {
        ChannelAddress address = fixture().newQueue("bad-input");
        QueueOptions options = QueueOptions.builder().maxMessageSize(1000).build();
        try (QueueChannel raw = fixture().transport().openQueue(address, options);
                JsonDataQueue queue = open(address, options)) {
            raw.put("{\"unclosed\": ".getBytes(StandardCharsets.UTF_8));
            raw.put(("\"" + "x".repeat(5000) + "\"").getBytes(StandardCharsets.UTF_8));
            queue.put("good");
            assertThat(queue.take(String.class)).isEqualTo("good");
            assertThat(queue.deadLetters().count()).isEqualTo(2);
            assertThat(queue.deadLetters().list(10)).extracting(DeadLetter::reason)
                    .anySatisfy(reason -> assertThat(reason).containsIgnoringCase("JSON"))
                    .anySatisfy(reason -> assertThat(reason).containsPattern("more than the (limit|maximum) of 1000\\b"));
        }
    }

    @Test
    void aConsumerThatDiesWhileHandlingGivesItsMessageBackAsTheNextAttempt() throws Exception {
        ChannelAddress address = fixture().newQueue("crash");
        Duration reclaim = Duration.ofMillis(500);
        QueueOptions options = QueueOptions.builder().reclaimInterval(reclaim).build();
        try (JsonDataQueue queue = open(address, options)) {
            queue.put("survives", Map.of("tenant", "acme"));
            String claimedName;
            try (ChildJvm child = ChildJvm.start("dying consumer", ClaimOneMain.class, fixture().text(address),
                    Long.toString(reclaim.toMillis()))) {
                String claimed = child.awaitLineStartingWith("claimed ", Duration.ofSeconds(60));
                claimedName = claimed.split(" ")[1];
                assertThat(queue.receive(Duration.ZERO)).as("held by the living child").isEmpty();
                child.kill();
            }
            try (ReceivedMessage back = receive(queue)) {
                assertThat(back.metadata().name()).isEqualTo(claimedName);
                assertThat(back.metadata().attempt()).isEqualTo(2);
                assertThat(back.payload().as(String.class)).isEqualTo("survives");
                assertThat(back.metadata().headers()).containsEntry("tenant", "acme");
                back.acknowledge();
            }
        }
    }

    @Test
    void aLiveConsumerKeepsItsMessageHoweverLongItHandlesIt() throws Exception {
        ChannelAddress address = fixture().newQueue("slow");
        Duration reclaim = Duration.ofMillis(300);
        QueueOptions options = QueueOptions.builder().reclaimInterval(reclaim).build();
        try (JsonDataQueue slow = open(address, options); JsonDataQueue other = open(address, options)) {
            slow.put("mine");
            ReceivedMessage held = receive(slow);
            assertThat(other.receive(reclaim.multipliedBy(6))).as("not taken back from a live consumer").isEmpty();
            held.acknowledge();
            assertThat(other.receive(Duration.ZERO)).isEmpty();
        }
    }

    @Test
    void closingGivesBackUnsettledMessagesWithoutCountingTheAttempt() throws Exception {
        ChannelAddress address = fixture().newQueue("close");
        try (JsonDataQueue producer = open(address, QueueOptions.DEFAULTS)) {
            producer.put("unsettled");
            JsonDataQueue consumer = open(address, QueueOptions.DEFAULTS);
            ReceivedMessage held = receive(consumer);
            consumer.close();
            assertThat(held.settlement()).isEqualTo(Settlement.PENDING);
            try (ReceivedMessage again = receive(producer)) {
                assertThat(again.metadata().attempt()).isEqualTo(1);
                again.acknowledge();
            }
        }
    }

    @Test
    void settlingAClaimThatIsNoLongerOursIsAClaimLostException() throws Exception {
        ChannelAddress address = fixture().newQueue("lost");
        try (QueueChannel channel = fixture().transport().openQueue(address, QueueOptions.DEFAULTS)) {
            channel.put("\"once\"".getBytes(StandardCharsets.UTF_8));
            Claim claim = channel.claim(WAIT.toNanos());
            assertThat(claim).isNotNull();
            channel.acknowledge(claim);
            assertThatThrownBy(() -> channel.acknowledge(claim)).isInstanceOf(ClaimLostException.class);
            assertThatThrownBy(() -> channel.release(claim)).isInstanceOf(ClaimLostException.class);
            assertThatThrownBy(() -> channel.retryLater(claim, java.time.Instant.now()))
                    .isInstanceOf(ClaimLostException.class);
        }
    }

    @Test
    void headerValuesAreReadFromMessagesInEveryStateButGoneWithoutTakingAny() throws Exception {
        ChannelAddress address = fixture().newQueue("header-values");
        QueueOptions laterRetry = QueueOptions.builder().backOff(BackOff.fixed(Duration.ofHours(1))).build();
        try (JsonDataQueue queue = open(address, laterRetry);
                QueueChannel channel = fixture().transport().openQueue(address, laterRetry)) {
            for (String state : List.of("claimed", "retried", "dead", "acknowledged", "waiting")) {
                queue.put(state, Map.of("origin", state));
            }
            queue.put("without");
            ReceivedMessage claimed = receive(queue);
            receive(queue).retry(new IllegalStateException("later"));
            receive(queue).deadLetter("by hand", null);
            receive(queue).acknowledge();
            QueueStats before = queue.stats();
            try {
                assertThat(channel.headerValues("origin"))
                        .containsExactlyInAnyOrder("claimed", "retried", "dead", "waiting");
                assertThat(channel.headerValues("nobody")).isEmpty();
                QueueStats after = queue.stats();
                assertThat(List.of(after.waiting(), after.inFlight(), after.scheduledRetries())).as("nothing was taken")
                        .isEqualTo(List.of(before.waiting(), before.inFlight(), before.scheduledRetries()));
            } catch (UnsupportedOperationException cannotSearch) {
                // a transport may refuse the search; then it must say so, never answer wrongly
            }
            claimed.acknowledge();
        }
    }

    @Test
    void aBatchClaimTakesWhatIsDueInOrder() throws Exception {
        ChannelAddress address = fixture().newQueue("batch");
        try (QueueChannel channel = fixture().transport().openQueue(address, QueueOptions.DEFAULTS)) {
            for (int i = 0; i < 5; i++) {
                channel.put(Integer.toString(i).getBytes(StandardCharsets.UTF_8));
            }
            List<Claim> batch = channel.claimBatch(3, WAIT.toNanos());
            assertThat(batch).extracting(claim -> new String(claim.content(), StandardCharsets.UTF_8))
                    .containsExactly("0", "1", "2");
            for (Claim claim : batch) {
                channel.acknowledge(claim);
            }
            assertThat(channel.claimBatch(10, WAIT.toNanos())).hasSize(2);
        }
    }

    @Test
    void anInterruptedWaitThrowsAndTakesNothing() throws Exception {
        ChannelAddress address = fixture().newQueue("interrupt");
        try (JsonDataQueue queue = open(address, QueueOptions.DEFAULTS)) {
            queue.put("not taken");
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> queue.receive(WAIT)).isInstanceOf(InterruptedException.class);
            assertThat(Thread.interrupted()).isFalse();
            assertThat(queue.size()).isEqualTo(1);
        }
    }

    @Test
    void aSettlementOnAnInterruptedThreadCompletesAndKeepsTheInterrupt() throws Exception {
        ChannelAddress address = fixture().newQueue("interrupted-settle");
        try (JsonDataQueue queue = open(address, QueueOptions.DEFAULTS)) {
            queue.put("given back while stopping");
            ReceivedMessage message = receive(queue);
            Thread.currentThread().interrupt();
            try {
                message.release();
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(receive(queue).metadata().attempt()).isEqualTo(1);
        }
    }

    @Test
    void deadLetteringAndALastFailedAttemptOnAnInterruptedThreadCompleteAndKeepTheInterrupt() throws Exception {
        ChannelAddress address = fixture().newQueue("interrupted-dead-letter");
        QueueOptions oneAttempt = QueueOptions.builder().maxAttempts(1).build();
        try (JsonDataQueue queue = open(address, oneAttempt)) {
            queue.putAll(List.of("set aside", "failed"));
            ReceivedMessage setAside = receive(queue);
            ReceivedMessage failed = receive(queue);
            Thread.currentThread().interrupt();
            try {
                setAside.deadLetter("stopping", null);
                assertThat(failed.retry(new IllegalStateException("last attempt"))).isEqualTo(Settlement.DEAD_LETTERED);
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(queue.deadLetters().count()).isEqualTo(2);
        }
    }

    @Test
    void wakeUpWaitersEndsAWaitPromptly() throws Exception {
        ChannelAddress address = fixture().newQueue("wake");
        try (JsonDataQueue queue = open(address, QueueOptions.DEFAULTS)) {
            ExecutorService waiter = Executors.newSingleThreadExecutor();
            try {
                CountDownLatch waiting = new CountDownLatch(1);
                Future<Optional<ReceivedMessage>> wait = waiter.submit(() -> {
                    waiting.countDown();
                    return queue.receive(Duration.ofMinutes(10));
                });
                waiting.await();
                WaitEnder.repeatUntilDone(queue::wakeUpWaiters, wait);
                assertThat(wait.get(1, TimeUnit.SECONDS)).isEmpty();
            } finally {
                waiter.shutdownNow();
            }
        }
    }

    @Test
    void aStoppingContainerFinishesTheMessageInHandAndLeavesTheRest() throws Exception {
        ChannelAddress address = fixture().newQueue("graceful");
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Set<String> handled = Collections.synchronizedSet(new java.util.HashSet<>());
        try (JsonDataQueue queue = open(address, QueueOptions.DEFAULTS)) {
            queue.put("in hand");
            ListenerContainer container = ListenerContainers.forQueue(queue, message -> {
                handling.countDown();
                finish.await();
                handled.add(message.payload().as(String.class));
            }, ContainerOptions.builder("graceful").shutdownTimeout(WAIT).build());
            container.start();
            assertThat(handling.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            queue.putAll(List.of("left 1", "left 2"));
            Thread stopper = new Thread(container::stop, "contract-stopper");
            stopper.start();
            Awaitility.await().atMost(WAIT).until(() -> !container.isRunning());
            finish.countDown();
            stopper.join(WAIT.toMillis());
            assertThat(stopper.isAlive()).isFalse();
            assertThat(container.isRunning()).isFalse();
            assertThat(handled).containsExactly("in hand");
            QueueStats stats = queue.stats();
            assertThat(stats.waiting() + stats.scheduledRetries()).isEqualTo(2);
            assertThat(stats.inFlight()).isZero();
        }
    }

    @Test
    void statsCountWhatWaitsWhatIsHeldAndWhatIsDead() throws Exception {
        ChannelAddress address = fixture().newQueue("stats");
        // Two consumers, each taking one message: a consumer's second take may take more ahead (Redis's prefetch),
        // which then counts as in flight too.
        try (JsonDataQueue queue = open(address, NO_BACK_OFF); JsonDataQueue other = open(address, NO_BACK_OFF)) {
            queue.putAll(List.of("a", "b", "c", "d"));
            ReceivedMessage held = receive(queue);
            receive(other).deadLetter("by hand", null);
            QueueStats stats = queue.stats();
            assertThat(stats.waiting()).isEqualTo(2);
            assertThat(stats.inFlight()).isEqualTo(1);
            assertThat(stats.deadLetters()).isEqualTo(1);
            assertThat(stats.oldestWaitingAge()).isNotNull().isGreaterThanOrEqualTo(Duration.ZERO);
            assertThat(queue.size()).isEqualTo(2);
            held.acknowledge();
            MessageMetadata next = receive(queue).metadata();
            assertThat(next.queue()).isEqualTo(queue.location());
        }
    }
}
