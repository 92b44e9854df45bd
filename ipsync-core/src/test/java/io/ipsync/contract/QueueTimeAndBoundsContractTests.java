package io.ipsync.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.ChannelAddress;
import io.ipsync.DeadLetter;
import io.ipsync.JsonDataQueue;
import io.ipsync.MessageMetadata;
import io.ipsync.QueueFullException;
import io.ipsync.QueueOptions;
import io.ipsync.QueueStats;
import io.ipsync.ReceivedMessage;
import io.ipsync.spi.QueueChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Messages put for later, messages that expire, and queues with a bounded backlog, the same on
 * every transport. A transport's test module extends this class with its {@link TransportFixture}.
 */
@Timeout(120)
public abstract class QueueTimeAndBoundsContractTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Far enough ahead that no stall of a loaded machine reaches it during a test. */
    private static final Duration FAR_AHEAD = Duration.ofHours(1);

    /** The transport under test. */
    protected abstract TransportFixture fixture();

    private JsonDataQueue open(ChannelAddress address, QueueOptions options) {
        return JsonDataQueue.open(address, options, fixture().transport());
    }

    private ReceivedMessage receive(JsonDataQueue queue) throws InterruptedException {
        return queue.receive(WAIT).orElseThrow(() -> new AssertionError("no message within " + WAIT + " from " + queue));
    }

    @Test
    void aMessagePutForLaterIsScheduledUntilItsTimeAndThenTakenAsAFirstAttempt() throws Exception {
        ChannelAddress address = fixture().newQueue("later");
        try (JsonDataQueue queue = open(address, QueueOptions.DEFAULTS)) {
            queue.putAt(Map.of("n", "far"), Map.of(), Instant.now().plus(FAR_AHEAD));
            Instant notBefore = Instant.now().plusMillis(300);
            queue.putAt(Map.of("n", "soon"), Map.of("trace", "t-1"), notBefore);
            queue.put(Map.of("n", "now"));

            // files take a due one before those waiting (as due retries), Redis behind them: either order
            Map<String, ReceivedMessage> taken = new java.util.HashMap<>();
            Map<String, Instant> takenAt = new java.util.HashMap<>();
            for (int i = 0; i < 2; i++) {
                ReceivedMessage message = receive(queue);
                String n = message.payload().asNode().get("n").asString();
                takenAt.put(n, Instant.now());
                taken.put(n, message);
            }
            assertThat(taken).containsOnlyKeys("now", "soon");
            ReceivedMessage soon = taken.get("soon");
            assertThat(takenAt.get("soon")).as("taken no earlier than its time (to the millisecond)")
                    .isAfterOrEqualTo(notBefore.minusMillis(1));
            assertThat(soon.metadata().attempt()).isEqualTo(1);
            assertThat(soon.metadata().header("trace")).isEqualTo("t-1");
            for (ReceivedMessage message : taken.values()) {
                message.acknowledge();
                message.close();
            }
            assertThat(queue.receive(Duration.ofMillis(200))).as("the far one is not due").isEmpty();
            QueueStats stats = queue.stats();
            assertThat(stats.waiting()).isZero();
            assertThat(stats.scheduledRetries()).as("the far one counts as scheduled").isEqualTo(1);
            assertThat(queue.size()).as("size counts scheduled messages").isEqualTo(1);
        }
    }

    @Test
    void aConsumerAlreadyWaitingTakesAMessageAnotherProducerPutForLater() throws Exception {
        ChannelAddress address = fixture().newQueue("later-elsewhere");
        try (JsonDataQueue consumer = open(address, QueueOptions.DEFAULTS); JsonDataQueue producer = open(address, QueueOptions.DEFAULTS)) {
            CompletableFuture<String> taken = CompletableFuture.supplyAsync(() -> {
                try (ReceivedMessage message = receive(consumer)) {
                    message.acknowledge();
                    return message.payload().as(String.class);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Awaitility.await().during(Duration.ofMillis(100)).atMost(WAIT).until(() -> !taken.isDone());
            producer.putLater("from elsewhere", Duration.ofMillis(200));
            assertThat(taken.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("from elsewhere");
        }
    }

    @Test
    void aTimeAlreadyPastPutsTheMessageAtOnce() throws Exception {
        ChannelAddress address = fixture().newQueue("past");
        try (JsonDataQueue queue = open(address, QueueOptions.DEFAULTS)) {
            queue.putAt("late", Map.of(), Instant.now().minusSeconds(5));
            assertThat(queue.stats().waiting()).isEqualTo(1);
            try (ReceivedMessage message = receive(queue)) {
                assertThat(message.payload().as(String.class)).isEqualTo("late");
                message.acknowledge();
            }
        }
    }

    @Test
    void aPutStampsTheTimeToLiveAsTheMessagesExpiry() throws Exception {
        ChannelAddress address = fixture().newQueue("ttl");
        Duration ttl = Duration.ofMinutes(5);
        try (JsonDataQueue queue = open(address, QueueOptions.builder().timeToLive(ttl).build())) {
            Instant before = Instant.now();
            queue.put("x");
            Instant after = Instant.now();
            try (ReceivedMessage message = receive(queue)) {
                assertThat(message.metadata().expiresAt()).isBetween(before.plus(ttl), after.plus(ttl));
                message.acknowledge();
            }
        }
    }

    @Test
    void anExpiredMessageIsDeadLetteredUnhandledAsExpiredAndTheConsumerGoesOn() throws Exception {
        ChannelAddress address = fixture().newQueue("expired");
        try (JsonDataQueue queue = open(address, QueueOptions.builder().timeToLive(FAR_AHEAD).build())) {
            queue.put("stale", Map.of(MessageMetadata.EXPIRES_HEADER, Instant.now().minusSeconds(1).toString()));
            try (QueueChannel foreign = fixture().transport().openQueue(address, QueueOptions.DEFAULTS)) {
                // a producer that is not ipsync's, which checks nothing
                foreign.put("\"bad\"".getBytes(StandardCharsets.UTF_8), Map.of(MessageMetadata.EXPIRES_HEADER, "next tuesday"));
            }
            queue.put("fresh");
            try (ReceivedMessage message = receive(queue)) {
                assertThat(message.payload().as(String.class))
                        .as("only the fresh message reaches a handler; an expiry header given at put wins").isEqualTo("fresh");
                message.acknowledge();
            }
            List<DeadLetter> dead = queue.deadLetters().list(10);
            assertThat(dead).hasSize(2);
            DeadLetter stale = dead.stream().filter(d -> new String(d.content()).equals("\"stale\"")).findFirst().orElseThrow();
            assertThat(stale.reason()).startsWith("expired");
            DeadLetter bad = dead.stream().filter(d -> new String(d.content()).equals("\"bad\"")).findFirst().orElseThrow();
            assertThat(bad.reason()).contains(MessageMetadata.EXPIRES_HEADER).contains("next tuesday");
        }
    }

    @Test
    void aReDrivenExpiredMessageNoLongerExpires() throws Exception {
        ChannelAddress address = fixture().newQueue("redrive-expired");
        try (JsonDataQueue queue = open(address, QueueOptions.DEFAULTS)) {
            queue.put("late", Map.of(MessageMetadata.EXPIRES_HEADER, Instant.now().minusSeconds(1).toString(), "tenant", "acme"));
            assertThat(queue.receive(Duration.ofMillis(500))).as("expired, set aside on the way").isEmpty();
            assertThat(queue.deadLetters().requeueAll()).isEqualTo(1);
            try (ReceivedMessage message = receive(queue)) {
                assertThat(message.payload().as(String.class)).isEqualTo("late");
                assertThat(message.metadata().headers()).containsExactly(Map.entry("tenant", "acme"));
                message.acknowledge();
            }
        }
    }

    @Test
    void anExpiryHeaderThatIsNotATimeOrATimeTooFarAheadIsRefusedAtPut() {
        ChannelAddress address = fixture().newQueue("bad-times");
        try (JsonDataQueue queue = open(address, QueueOptions.DEFAULTS)) {
            assertThatThrownBy(() -> queue.put("x", Map.of(MessageMetadata.EXPIRES_HEADER, "soon")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(MessageMetadata.EXPIRES_HEADER);
            assertThatThrownBy(() -> queue.putAt("x", Map.of(), Instant.parse("2300-01-01T00:00:00Z")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2286-11-20");
            assertThat(queue.size()).isZero();
        }
    }

    @Test
    void aTimeToLiveCountsFromWhenAMessagePutForLaterIsDue() throws Exception {
        ChannelAddress address = fixture().newQueue("ttl-later");
        QueueOptions options = QueueOptions.builder().timeToLive(Duration.ofMinutes(5)).build();
        try (JsonDataQueue queue = open(address, options)) {
            Instant notBefore = Instant.now().plusMillis(100);
            queue.putAt("x", Map.of(), notBefore);
            try (ReceivedMessage message = receive(queue)) {
                assertThat(message.metadata().expiresAt()).isEqualTo(notBefore.plus(Duration.ofMinutes(5)));
                message.acknowledge();
            }
        }
    }

    @Test
    void aFullQueueRefusesAPutNamingTheQueueAndTheLimitAndStoresNothing() throws Exception {
        ChannelAddress address = fixture().newQueue("full");
        QueueOptions bounded = QueueOptions.builder().maxBacklog(3).build();
        try (JsonDataQueue queue = open(address, bounded)) {
            queue.putAll(List.of(1, 2));
            queue.put(3);
            assertThatThrownBy(() -> queue.put(4)).isInstanceOf(QueueFullException.class)
                    .hasMessageContaining(queue.location()).hasMessageContaining("maximum backlog is 3");
            assertThatThrownBy(() -> queue.putAll(List.of(5, 6, 7, 8))).isInstanceOf(QueueFullException.class)
                    .hasMessageContaining("more than its maximum backlog of 3");
            assertThat(queue.size()).isEqualTo(3);
            try (ReceivedMessage message = receive(queue)) {
                message.acknowledge();
            }
            queue.put(4);
            assertThat(queue.size()).isEqualTo(3);
        }
    }

    @Test
    void aPutIntoAFullQueueFailsOnceItsTimeoutPassesWithoutRoom() throws Exception {
        ChannelAddress address = fixture().newQueue("no-room");
        try (JsonDataQueue queue = open(address, QueueOptions.builder().maxBacklog(1).putTimeout(Duration.ofMillis(300)).build())) {
            queue.put("first");
            assertThatThrownBy(() -> queue.put("second")).isInstanceOf(QueueFullException.class)
                    .hasMessageContaining("within PT0.3S");
            assertThat(queue.size()).isEqualTo(1);
        }
    }

    @Test
    void anInterruptEndsTheWaitForRoomPuttingNothingAndKeepingTheInterrupt() throws Exception {
        ChannelAddress address = fixture().newQueue("interrupted-put");
        try (JsonDataQueue queue = open(address, QueueOptions.builder().maxBacklog(1).putTimeout(WAIT).build())) {
            queue.put("first");
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread producer = new Thread(() -> {
                try {
                    queue.put("second");
                    outcome.complete(null);
                } catch (RuntimeException e) {
                    outcome.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("interrupt not kept", e));
                }
            }, "interrupted-producer");
            producer.start();
            Awaitility.await().atMost(WAIT).until(() -> producer.getState() == Thread.State.TIMED_WAITING);
            producer.interrupt();
            assertThat(outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(io.ipsync.IpsyncException.class)
                    .isNotInstanceOf(QueueFullException.class);
            producer.join(WAIT.toMillis());
            assertThat(queue.size()).isEqualTo(1);
        }
    }

    @Test
    void aPutIntoAFullQueueWaitsForRoomUpToItsTimeout() throws Exception {
        ChannelAddress address = fixture().newQueue("wait-for-room");
        QueueOptions bounded = QueueOptions.builder().maxBacklog(1).putTimeout(WAIT).build();
        try (JsonDataQueue producer = open(address, bounded); JsonDataQueue consumer = open(address, QueueOptions.DEFAULTS)) {
            producer.put("first");
            CompletableFuture<String> blocked = CompletableFuture.supplyAsync(() -> producer.put("second"));
            Awaitility.await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> !blocked.isDone());
            try (ReceivedMessage first = receive(consumer)) {
                assertThat(first.payload().as(String.class)).isEqualTo("first");
                first.acknowledge();
            }
            assertThat(blocked.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the put went on once there was room").isNotNull();
            try (ReceivedMessage second = receive(consumer)) {
                assertThat(second.payload().as(String.class)).isEqualTo("second");
                second.acknowledge();
            }
        }
    }
}
