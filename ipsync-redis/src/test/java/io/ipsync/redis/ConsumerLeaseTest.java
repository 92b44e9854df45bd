package io.ipsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.redis.test.RedisServer;
import io.ipsync.spi.Claim;
import io.ipsync.spi.ClaimLostException;
import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.models.stream.PendingMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each consumer's lease is its own: its name declares it, and every sweeper judges the consumer's
 * claims by it, so that an operator's {@code ipsync take} with the default lease never takes the
 * messages an application with a longer lease is handling. Rather than wait for claims to age,
 * the tests set their idle time as the server keeps it ({@code XCLAIM ... IDLE}).
 */
class ConsumerLeaseTest {

    /** The application's lease, as {@code ipsync.redis.lease=10m}. */
    private static final Duration APP_LEASE = Duration.ofMinutes(10);

    /** The operator's lease: far shorter than the application's. */
    private static final Duration OPERATOR_LEASE = Duration.ofSeconds(10);

    private static final long WAIT = Duration.ofSeconds(10).toNanos();

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private QueueFixture queues;

    @BeforeEach
    void openFixture() {
        queues = new QueueFixture(redis);
    }

    @AfterEach
    void closeFixture() throws Exception {
        queues.close();
    }

    /**
     * A consumer sweeps every quarter lease while it waits; with nothing pending in the group there
     * is nothing to judge, and its take records the sweep itself: one round trip, not two. The full
     * sweep ({@code reclaim.lua}, the one that reads {@code XINFO CONSUMERS}) comes first and then
     * once a minute.
     */
    @Test
    void aConsumerWaitingWhileNothingIsPendingRecordsItsSweepsWithItsTakes() throws Exception {
        String name = QueueFixture.uniqueName("light-sweep");
        RedisQueueChannel waiting = queues.open(name, Duration.ofMillis(400)); // a sweep every 100 ms
        long fullSweepsBefore = redis.commandCalls("xinfo|consumers");

        assertThat(waiting.claim(Duration.ofMillis(600).toNanos())).isNull();
        long first = Long.parseLong(redis.commands().get("{ipsync:" + name + "}:swept"));
        assertThat(waiting.claim(Duration.ofMillis(600).toNanos())).isNull();
        long second = Long.parseLong(redis.commands().get("{ipsync:" + name + "}:swept"));

        assertThat(second).as("swept again while waiting").isGreaterThan(first);
        assertThat(redis.commandCalls("xinfo|consumers") - fullSweepsBefore).as("full sweeps").isOne();
    }

    @Test
    void theNameOfAConsumerDeclaresItsLease() throws Exception {
        RedisQueueChannel app = queues.open(QueueFixture.uniqueName("name"), APP_LEASE);

        assertThat(app.consumerName()).matches(".+@.+/[0-9a-f]{8}/L600000");
    }

    @Test
    void aSweeperWithAShorterLeaseNeverTakesTheLiveMessageOfAConsumerWithALongerOne() throws Exception {
        String name = QueueFixture.uniqueName("short-sweeper");
        RedisQueueChannel app = queues.open(name, APP_LEASE);
        RedisQueueChannel operator = queues.open(name, OPERATOR_LEASE);
        app.put(json("1"));
        Claim claim = app.claim(WAIT);

        // Handled for a minute: six of the operator's leases, a tenth of the application's.
        setIdle(name, app.consumerName(), claim.messageId(), Duration.ofMinutes(1));

        assertThat(operator.reclaimAbandoned()).as("taken from the live application").isZero();
        assertThat(operator.claim(0)).as("what the operator's take finds").isNull();
        assertThat(holderOf(name, claim.messageId())).isEqualTo(app.consumerName());
        app.acknowledge(claim);
        assertThat(app.size()).isZero();
    }

    @Test
    void aConsumerThatStopsRenewingLosesItsMessageOnceItsOwnLeaseRunsOut() throws Exception {
        String name = QueueFixture.uniqueName("own-lease-out");
        RedisQueueChannel app = queues.open(name, APP_LEASE);
        RedisQueueChannel operator = queues.open(name, OPERATOR_LEASE);
        app.put(json("1"));
        Claim claim = app.claim(WAIT);

        // Idle for more than three quarters of the application's own lease: abandoned.
        setIdle(name, app.consumerName(), claim.messageId(), APP_LEASE.multipliedBy(4).dividedBy(5));

        assertThat(operator.reclaimAbandoned()).isOne();
        Claim again = operator.claim(0);
        assertThat(again.messageId()).isEqualTo(claim.messageId());
        assertThat(again.attempt()).isEqualTo(2);
        assertThatThrownBy(() -> app.acknowledge(claim)).isInstanceOf(ClaimLostException.class);
    }

    @Test
    @SuppressWarnings("unchecked") // Lettuce takes the streams to read as generic varargs
    void aForeignConsumerWhoseNameDeclaresNoLeaseIsJudgedByTheSweepersLease() throws Exception {
        String name = QueueFixture.uniqueName("foreign");
        String stream = QueueFixture.streamKey(name);
        RedisQueueChannel operator = queues.open(name, OPERATOR_LEASE);
        String id = operator.put(json("1"));
        redis.commands().xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), "ipsync");
        redis.commands().xreadgroup(Consumer.from("ipsync", "worker-7"), XReadArgs.StreamOffset.lastConsumed(stream));

        setIdle(name, "worker-7", id, Duration.ofMinutes(1));

        assertThat(operator.reclaimAbandoned()).isOne();
        assertThat(operator.claim(0).messageId()).isEqualTo(id);
    }

    /** Sets the idle time of a pending message as the server keeps it, holder and delivery count unchanged. */
    private static void setIdle(String queue, String holder, String id, Duration idle) {
        List<String> claimed = redis.commands().xclaim(QueueFixture.streamKey(queue), Consumer.from("ipsync", holder),
                XClaimArgs.Builder.justid().idle(idle.toMillis()), id).stream().map(message -> message.getId()).toList();
        assertThat(claimed).as("still pending under " + holder).containsExactly(id);
    }

    private static String holderOf(String queue, String id) {
        List<PendingMessage> pending = redis.commands().xpending(QueueFixture.streamKey(queue), "ipsync",
                Range.create(id, id), Limit.from(1));
        return pending.isEmpty() ? null : pending.get(0).getConsumer();
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
