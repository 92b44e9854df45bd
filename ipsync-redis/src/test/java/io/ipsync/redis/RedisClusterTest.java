package io.ipsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipsync.ChannelAddress;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.QueueStats;
import io.ipsync.redis.test.RedisCluster;
import io.ipsync.redis.test.RedisServer;
import io.ipsync.spi.ChannelKind;
import io.ipsync.spi.Claim;
import io.ipsync.spi.DeadLetterReason;
import io.ipsync.spi.OutgoingMessage;
import io.ipsync.spi.QueueChannel;
import io.ipsync.spi.TransportHealth;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Redis transport on a real Redis Cluster of three masters: where a queue's keys live, and
 * how its calls, its blocking reads and their ends find the node that serves them, also when that
 * is not the seed the transport was given and when the slot moves while a consumer waits.
 */
class RedisClusterTest {

    private static final long WAIT = Duration.ofSeconds(10).toNanos();

    /** Longer than any test waits: a blocking read that ends sooner was ended, not timed out. */
    private static final Duration LONG_SLICE = Duration.ofSeconds(60);

    private static final AtomicInteger NEXT = new AtomicInteger();

    @RegisterExtension
    static final RedisCluster cluster = new RedisCluster();

    private RedisTransport transport;

    @BeforeEach
    void openTransport() {
        transport = new RedisTransport();
    }

    @AfterEach
    void closeTransport() {
        transport.close();
    }

    @Test
    void aQueuesKeysShareOneSlotOnTheOneNodeThatServesIt() throws Exception {
        String name = "keys-" + NEXT.incrementAndGet();
        QueueChannel queue = transport.openQueue(cluster.address(name), QueueOptions.DEFAULTS);
        queue.put(json("1"));
        queue.put(json("2"));
        queue.retryLater(queue.claim(WAIT), Instant.now().plus(Duration.ofHours(1)));
        queue.deadLetter(queue.claim(WAIT), DeadLetterReason.of("set aside by the test"));

        String tag = "{ipsync:" + name + "}";
        List<String> keys = List.of(tag + ":stream", tag + ":retry", tag + ":dead");
        int slot = RedisCluster.slotOf(keys.get(0));
        assertThat(keys).allSatisfy(key -> assertThat(RedisCluster.slotOf(key)).as(key).isEqualTo(slot));
        RedisServer owner = cluster.nodeServing(slot);
        assertThat(owner.commands().exists(keys.toArray(String[]::new))).as("keys on " + owner).isEqualTo(3);
        for (RedisServer other : cluster.nodes()) {
            if (other != owner) {
                assertThat(other.commands().clusterCountKeysInSlot(slot)).as("keys of slot " + slot + " on " + other).isZero();
            }
        }
        assertThat(queue.stats()).isEqualTo(new QueueStats(0, null, 0, 1, 1));

        TransportHealth health = transport.health(cluster.address(name), ChannelKind.QUEUE);
        assertThat(health.up()).as(health.problem()).isTrue();
        assertThat(health.details()).containsEntry("server", cluster.uri()).containsEntry("key", keys.get(0));
        queue.close();
    }

    @Test
    void aQueueOnANodeOtherThanTheSeedIsReachedAndItsWaitIsEndedOnThatNode() throws Exception {
        RedisServer seed = cluster.nodes().get(0);
        RedisServer far = cluster.nodes().get(2);
        String name = nameServedBy(far);
        RedisSettings settings = RedisSettings.builder().cluster(seed.redisUri()).blockSlice(LONG_SLICE).build();
        QueueChannel queue = transport.openQueue(cluster.address(name, settings), QueueOptions.DEFAULTS);

        CompletableFuture<Claim> woken = inThread("waiter to be woken", () -> queue.claim(TimeUnit.MINUTES.toNanos(2)));
        await().atMost(Duration.ofSeconds(10)).until(() -> waitsOn(far));
        long wakeUpAt = System.nanoTime();
        queue.wakeUpWaiters();
        assertThat(woken.get(10, TimeUnit.SECONDS)).as("a woken wait takes nothing").isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - wakeUpAt)).as("CLIENT UNBLOCK reached " + far)
                .isLessThan(Duration.ofSeconds(5));

        CompletableFuture<Claim> served = inThread("waiter to be served", () -> queue.claim(TimeUnit.MINUTES.toNanos(2)));
        await().atMost(Duration.ofSeconds(10)).until(() -> waitsOn(far));
        queue.put(json("\"far\""));
        Claim claim = served.get(10, TimeUnit.SECONDS);
        assertThat(new String(claim.content(), StandardCharsets.UTF_8)).isEqualTo("\"far\"");

        far.commands().scriptFlush(); // as after a failover: the node answers NOSCRIPT, and the script is sent by its source
        queue.acknowledge(claim);
        assertThat(queue.stats()).isEqualTo(new QueueStats(0, null, 0, 0, 0));
        assertThat(seed.commands().clusterCountKeysInSlot(RedisCluster.slotOf(streamKey(name)))).isZero();
        assertThat(far.commands().exists(streamKey(name))).isEqualTo(1);
        queue.close();
    }

    /**
     * A batch of puts is handed to the cluster connection whole, which sends it to the node that
     * serves the queue's slot (here not the seed the transport knows), in the order given.
     */
    @Test
    void aBatchOfPutsGoesToTheNodeThatServesTheQueueInOrder() throws Exception {
        RedisServer seed = cluster.nodes().get(0);
        RedisServer far = cluster.nodes().get(2);
        String name = nameServedBy(far);
        RedisSettings settings = RedisSettings.builder().cluster(seed.redisUri()).build();
        QueueChannel queue = transport.openQueue(cluster.address(name, settings), QueueOptions.DEFAULTS);
        List<OutgoingMessage> batch = IntStream.range(0, 100)
                .mapToObj(i -> new OutgoingMessage(json(Integer.toString(i)), Map.of("n", Integer.toString(i)))).toList();

        String seedXadds = xaddStats(seed);

        List<String> ids = queue.putAll(batch);

        assertThat(xaddStats(seed)).as("XADDs the seed answered or redirected").isEqualTo(seedXadds);

        List<StreamMessage<String, String>> stored = far.commands().xrange(streamKey(name), Range.create("-", "+"));
        assertThat(stored).extracting(StreamMessage::getId).containsExactlyElementsOf(ids);
        assertThat(stored).extracting(entry -> entry.getBody().get("p"))
                .containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(Integer::toString).toList());
        int slot = RedisCluster.slotOf(streamKey(name));
        for (RedisServer other : cluster.nodes()) {
            if (other != far) {
                assertThat(other.commands().clusterCountKeysInSlot(slot)).as("keys of slot " + slot + " on " + other).isZero();
            }
        }
        assertThat(queue.claim(WAIT).headers()).containsEntry("n", "0");
        queue.close();
    }

    @Test
    void aWaitingConsumerAndItsClaimsFollowTheQueueWhenItsSlotMoves() throws Exception {
        String name = "moving-" + NEXT.incrementAndGet();
        int slot = RedisCluster.slotOf(streamKey(name));
        RedisServer from = cluster.nodeServing(slot);
        RedisServer to = cluster.nodes().get((cluster.nodes().indexOf(from) + 1) % cluster.nodes().size());
        RedisSettings settings = cluster.settings().blockSlice(LONG_SLICE).build();
        QueueChannel holder = transport.openQueue(cluster.address(name, settings), QueueOptions.DEFAULTS);
        QueueChannel waiter = transport.openQueue(cluster.address(name, settings), QueueOptions.DEFAULTS);
        holder.put(json("\"before\""));
        Claim held = holder.claim(WAIT);

        CompletableFuture<Claim> served = inThread("waiter across the move", () -> waiter.claim(TimeUnit.MINUTES.toNanos(2)));
        await().atMost(Duration.ofSeconds(10)).until(() -> waitsOn(from));
        cluster.moveSlot(slot, to);
        // The old node ends the blocked read with MOVED; the consumer learns the layout and waits on the new node.
        await().atMost(Duration.ofSeconds(10)).until(() -> waitsOn(to));
        holder.put(json("\"after\""));
        Claim moved = served.get(10, TimeUnit.SECONDS);
        assertThat(new String(moved.content(), StandardCharsets.UTF_8)).isEqualTo("\"after\"");

        holder.acknowledge(held);
        waiter.acknowledge(moved);
        assertThat(holder.stats()).isEqualTo(new QueueStats(0, null, 0, 0, 0));
        assertThat(to.commands().exists(streamKey(name))).isEqualTo(1);
        assertThat(from.commands().clusterCountKeysInSlot(slot)).isZero();
        holder.close();
        waiter.close();
    }

    @Test
    void aCallToANodeThatStoppedAnsweringFailsWithinItsBoundsAndTheNextCallAfterItAnswersAgainWorks() throws Exception {
        String name = "paused-" + NEXT.incrementAndGet();
        RedisServer node = cluster.nodeServing(streamKey(name));
        RedisSettings settings = cluster.settings().commandTimeout(Duration.ofMillis(500)).build();
        QueueChannel queue = transport.openQueue(cluster.address(name, settings), QueueOptions.DEFAULTS);
        queue.put(json("1"));

        node.pause();
        long start = System.nanoTime();
        try {
            assertThatThrownBy(() -> queue.put(json("2"))).isInstanceOf(IOException.class)
                    .hasMessageContaining("Cannot put a message").hasMessageContaining(cluster.uri() + "/" + name)
                    .hasMessageContaining("did not answer within 500 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        } finally {
            node.resume();
        }
        queue.put(json("3")); // on a new connection: nothing was queued for a reconnect
        assertThat(queue.claim(WAIT).content()).isEqualTo(json("1"));
        queue.close();
    }

    @Test
    void aTransportOnSharedClientResourcesReachesTheClusterAndLeavesThemRunning() throws Exception {
        ClientResources resources = DefaultClientResources.create();
        try {
            RedisSettings defaults = cluster.settings().keyPrefix("framework:").build();
            ClientOptions options = ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build();
            String name = "shared-" + NEXT.incrementAndGet();
            try (RedisTransport framework = new RedisTransport(defaults, resources, options);
                    JsonDataQueue queue = JsonDataQueue.open(new ChannelAddress("redis", name, null), QueueOptions.DEFAULTS,
                            framework)) {
                queue.put("on shared resources");
                assertThat(queue.take(String.class)).isEqualTo("on shared resources");
            }
            String stream = "{framework:" + name + "}:stream";
            assertThat(cluster.nodeServing(stream).commands().exists(stream)).isEqualTo(1);
            assertThat(resources.eventExecutorGroup().isShuttingDown()).as("the caller's to shut down").isFalse();
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /** A queue name whose keys the node serves. */
    private static String nameServedBy(RedisServer node) {
        while (true) {
            String name = "far-" + NEXT.incrementAndGet();
            if (cluster.nodeServing(streamKey(name)) == node) {
                return name;
            }
        }
    }

    /** The node's {@code XADD} counters, redirected calls included ({@code INFO commandstats}). */
    private static String xaddStats(RedisServer node) {
        return node.commands().info("commandstats").lines().filter(line -> line.startsWith("cmdstat_xadd:"))
                .map(line -> line.replaceAll("usec[^,]*,|usec_per_call[^,]*,", "")).findFirst().orElse("none");
    }

    private static String streamKey(String queue) {
        return QueueFixture.streamKey(queue);
    }

    /** Whether a client of the node is blocked in {@code XREADGROUP}: a consumer waits there. */
    private static boolean waitsOn(RedisServer node) {
        return node.commands().clientList().lines()
                .anyMatch(line -> line.contains(" flags=b ") && line.contains("cmd=xreadgroup"));
    }

    private static <T> CompletableFuture<T> inThread(String name, Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
