package io.ipsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipsync.ChannelAddress;
import io.ipsync.IpsyncException;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.redis.test.RedisServer;
import io.ipsync.spi.ChannelKind;
import io.ipsync.spi.Claim;
import io.ipsync.spi.TransportHealth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server goes away (stopped, killed with {@code kill -9}, frozen with {@code SIGSTOP}) and
 * comes back: calls fail within their bounds naming the channel and the server, nothing waits
 * forever, and once the server is back everything it kept is there, attempts included.
 */
class ServerOutageTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    /** Connect timeout plus command timeout, and room for a slow machine. */
    private static final Duration BOUND = Duration.ofMillis(2500);

    private static final Duration LONG_LEASE = Duration.ofSeconds(30);

    private static final long WAIT = Duration.ofSeconds(10).toNanos();

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private RedisTransport transport;

    @BeforeEach
    void openTransport() {
        transport = new RedisTransport();
    }

    @AfterEach
    void serverBack() throws Exception {
        transport.close();
        if (redis.isRunning()) {
            redis.resume();
        } else {
            redis.start();
        }
    }

    private ChannelAddress address(String queue, Duration lease) {
        return redis.address(queue, redis.settings().commandTimeout(TIMEOUT).connectTimeout(TIMEOUT)
                .blockSlice(Duration.ofMillis(300)).lease(lease).build());
    }

    @Test
    void aChannelOpensWhileTheServerIsDownAndWorksOnceItIsBack() throws Exception {
        String name = QueueFixture.uniqueName("down");
        ChannelAddress address = address(name, LONG_LEASE);
        redis.stop();

        try (RedisQueueChannel queue = (RedisQueueChannel) transport.openQueue(address, QueueOptions.DEFAULTS)) {
            TransportHealth down = transport.health(address, ChannelKind.QUEUE);
            assertThat(down.up()).isFalse();
            assertThat(down.problem()).contains("127.0.0.1:" + redis.port());
            assertThat(down.details()).containsEntry("server", "redis://127.0.0.1:" + redis.port());
            assertBoundedFailure(() -> queue.put(json("1")), name);
            assertBoundedFailure(() -> queue.claim(WAIT), name);

            redis.start();

            queue.put(json("1"));
            assertThat(queue.claim(WAIT).attempt()).isEqualTo(1);
            TransportHealth up = transport.health(address, ChannelKind.QUEUE);
            assertThat(up.up()).isTrue();
            assertThat(up.details()).containsEntry("appendonly", "yes").containsEntry("key", QueueFixture.streamKey(name));
            assertThat((String) up.details().get("redisVersion")).matches("\\d+\\.\\d+.*");
        }
    }

    @Test
    void aPutFailsWithinItsBoundWhileTheServerIsFrozenAndWorksWhenItThaws() throws Exception {
        String name = QueueFixture.uniqueName("frozen");
        try (JsonDataQueue queue = JsonDataQueue.open(address(name, LONG_LEASE), QueueOptions.DEFAULTS, transport)) {
            queue.put("before");
            redis.pause();

            for (int i = 0; i < 2; i++) { // the first on the connection there was, the second on a new one
                long start = System.nanoTime();
                assertThatThrownBy(() -> queue.put("while frozen")).isInstanceOf(IpsyncException.class)
                        .hasMessageContaining(name).hasMessageContaining("127.0.0.1:" + redis.port());
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
            }
            assertThatThrownBy(() -> queue.putAll(List.of("one of a batch", "another")))
                    .as("a batch, sent in one write").isInstanceOf(IpsyncException.class)
                    .hasMessageContaining(name).hasMessageContaining("127.0.0.1:" + redis.port());

            redis.resume();
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> queue.put("after") != null);
            assertThat(queue.take(String.class)).isEqualTo("before");
        }
    }

    @Test
    void aWaitingConsumerFailsWithinItsBoundWhileTheServerIsFrozen() throws Exception {
        String name = QueueFixture.uniqueName("frozen-wait");
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (RedisQueueChannel queue = (RedisQueueChannel) transport.openQueue(address(name, LONG_LEASE), QueueOptions.DEFAULTS)) {
            queue.put(json("1"));
            queue.acknowledge(queue.claim(WAIT)); // the shared connection made, the group created
            assertThat(queue.claim(Duration.ofMillis(100).toNanos())).as("a wait on the empty queue, on a connection of its own")
                    .isNull();
            Future<Claim> waiting = executor.submit(() -> queue.claim(Duration.ofSeconds(60).toNanos()));

            redis.pause();
            long frozenAt = System.nanoTime();

            assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class)
                    .cause().hasMessageContaining(name).hasMessageContaining("did not answer");
            assertThat(Duration.ofNanos(System.nanoTime() - frozenAt)).isLessThan(BOUND.multipliedBy(2));
        } finally {
            executor.shutdownNow();
        }
    }

    /**
     * A wait ended early (the queue closing, a listener stopping) while the server is frozen cannot
     * end the read on the server ({@code CLIENT UNBLOCK} gets no answer): the read's connection,
     * whose state is then unknown, is closed, not left open beside the others.
     */
    @Test
    void aWaitEndedEarlyWhileTheServerIsFrozenLeavesNoConnectionBehind() throws Exception {
        String name = QueueFixture.uniqueName("frozen-wake");
        ChannelAddress address = redis.address(name, redis.settings().commandTimeout(TIMEOUT).connectTimeout(TIMEOUT)
                .blockSlice(Duration.ofSeconds(30)).lease(LONG_LEASE).build());
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (RedisQueueChannel queue = (RedisQueueChannel) transport.openQueue(address, QueueOptions.DEFAULTS)) {
            queue.put(json("1"));
            queue.acknowledge(queue.claim(WAIT)); // connections made, group created
            Future<Claim> waiting = executor.submit(() -> queue.claim(Duration.ofSeconds(60).toNanos()));
            await().atMost(Duration.ofSeconds(10)).until(() -> redis.commands().clientList().contains("cmd=xreadgroup"));

            redis.pause();
            queue.wakeUpWaiters();
            assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class)
                    .cause().hasMessageContaining(name).hasMessageContaining("did not answer");
            redis.resume();

            assertThat(queue.calls().link().connectionCount()).as("connections the queue holds").isZero();
            queue.put(json("2"));
            Claim next = queue.claim(WAIT);
            assertThat(new String(next.content(), StandardCharsets.UTF_8)).isEqualTo("2");
            queue.acknowledge(next);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void afterAKillConsumersGoOnAndNothingTheServerKeptIsLost() throws Exception {
        String name = QueueFixture.uniqueName("killed");
        try (RedisQueueChannel queue = (RedisQueueChannel) transport.openQueue(address(name, LONG_LEASE), QueueOptions.DEFAULTS)) {
            for (int i = 1; i <= 3; i++) {
                queue.put(json(Integer.toString(i)));
            }
            Claim held = queue.claim(WAIT);

            redis.kill9();
            assertBoundedFailure(() -> queue.put(json("4")), name);
            assertBoundedFailure(() -> queue.claim(WAIT), name);
            assertBoundedFailure(() -> queue.acknowledge(held), name);
            redis.start();

            queue.acknowledge(held);
            Claim second = queue.claim(WAIT);
            Claim third = queue.claim(WAIT);
            assertThat(new String(second.content(), StandardCharsets.UTF_8) + new String(third.content(), StandardCharsets.UTF_8))
                    .isEqualTo("23");
            assertThat(second.attempt()).isEqualTo(1);
            queue.acknowledge(second);
            queue.acknowledge(third);
            assertThat(queue.size()).isZero();
        }
    }

    @Test
    void attemptsSurviveRestartsOfTheServer() throws Exception {
        String name = QueueFixture.uniqueName("attempts");
        try (RedisQueueChannel queue = (RedisQueueChannel) transport.openQueue(address(name, LONG_LEASE), QueueOptions.DEFAULTS)) {
            queue.put(json("1"));
            Claim first = queue.claim(WAIT);
            queue.retryLater(first, Instant.now());

            redis.restart();
            Claim second = queue.claim(WAIT);
            assertThat(second.attempt()).isEqualTo(2);

            redis.kill9();
            redis.start();
            queue.retryLater(second, Instant.now());
            Claim third = queue.claim(WAIT);
            assertThat(third.attempt()).isEqualTo(3);
            assertThat(third.messageId()).isEqualTo(first.messageId());
        }
    }

    @Test
    void repeatedOutagesLeakNoThreadsAndNoConnections() throws Exception {
        String name = QueueFixture.uniqueName("leaks");
        ChannelAddress address = address(name, LONG_LEASE);
        redis.disconnect(); // the test's own client has Lettuce threads too
        // Lettuce ends its threads after a client shut down, earlier tests' clients included, in the background
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lettuceThreads()).isEmpty());

        try (RedisTransport longLived = new RedisTransport();
                RedisQueueChannel queue = (RedisQueueChannel) longLived.openQueue(address, QueueOptions.DEFAULTS)) {
            for (int round = 0; round < 3; round++) {
                outage(queue, address);
                try (RedisTransport own = new RedisTransport();
                        RedisQueueChannel fresh = (RedisQueueChannel) own.openQueue(address, QueueOptions.DEFAULTS)) {
                    outage(fresh, address);
                }
                assertThat(queue.calls().link().connectionCount()).as("shared and blocking connections").isLessThanOrEqualTo(2);
            }
            assertThat(redis.commands().clientList().lines().count()).as("the test's own connection and the queue's")
                    .isLessThanOrEqualTo(1 + 2);
            redis.disconnect();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lettuceThreads()).isEmpty());
        assertThat(redis.commands().clientList().lines().count()).as("the test's own connection only").isEqualTo(1);
    }

    /** Uses a queue, kills the server, fails, starts the server, uses the queue again. */
    private void outage(RedisQueueChannel queue, ChannelAddress address) throws Exception {
        queue.put(json("1"));
        queue.acknowledge(queue.claim(WAIT));
        redis.kill9();
        assertBoundedFailure(() -> queue.put(json("2")), address.location());
        assertBoundedFailure(() -> queue.claim(WAIT), address.location());
        redis.start();
        queue.put(json("3"));
        queue.acknowledge(queue.claim(WAIT));
    }

    private static java.util.List<String> lettuceThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("lettuce-") || name.startsWith("ipsync-redis")).sorted().toList();
    }

    private interface Call {
        void call() throws Exception;
    }

    private void assertBoundedFailure(Call call, String channel) {
        long start = System.nanoTime();
        assertThatThrownBy(call::call).isInstanceOf(IOException.class).hasMessageContaining(channel)
                .hasMessageContaining("127.0.0.1:" + redis.port());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
