package io.ipsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.redis.test.RedisServer;
import io.ipsync.spi.Claim;
import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.models.stream.PendingMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server keeps absolute delivery times, so while it is paused (or down, or failing over) every
 * message in progress ages: a sweep right after a pause longer than three quarters of the lease
 * would take them all from their live consumers. A sweep that finds the last one too long ago
 * renews them instead, and consumers sweep while they hold messages, so that one busy with long
 * handlers leaves no such gaps itself.
 */
class ServerPauseLeaseTest {

    private static final Duration LEASE = Duration.ofSeconds(2);

    private static final long WAIT = Duration.ofSeconds(30).toNanos();

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

    @Test
    void aSweepRightAfterAPauseLongerThanTheLeaseTakesNothingAndADeadConsumersMessageComesBackALeaseLater() throws Exception {
        String name = QueueFixture.uniqueName("paused");
        String stream = QueueFixture.streamKey(name);
        RedisQueueChannel sweeper = queues.open(name, LEASE);
        String inProgress = sweeper.put(json("\"in progress\""));
        String orphan = sweeper.put(json("\"orphan\""));
        // Two consumers named as ipsync names them, with the same lease as the sweeper: one this test
        // plays (it renews, once the server answers again), and one that died.
        String live = "1@test/00000001/L" + LEASE.toMillis();
        String dead = "2@test/00000002/L" + LEASE.toMillis();
        redis.commands().xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), "ipsync");
        assertThat(readOne(stream, live)).isEqualTo(inProgress);
        assertThat(readOne(stream, dead)).isEqualTo(orphan);
        assertThat(sweeper.reclaimAbandoned()).as("a sweep before the pause, as consumers make every quarter lease").isZero();

        long beforeResume = pauseServerFor(LEASE.plusMillis(500));

        assertThat(sweeper.reclaimAbandoned()).as("messages taken right after the pause").isZero();
        assertThat(holderOf(stream, inProgress)).isEqualTo(live);
        assertThat(holderOf(stream, orphan)).isEqualTo(dead);
        // The live consumer renews its message and acknowledges it.
        assertThat(redis.commands().xclaim(stream, Consumer.from("ipsync", live), XClaimArgs.Builder.justid(), inProgress))
                .as("renewed by its consumer").hasSize(1);
        assertThat(redis.commands().xack(stream, "ipsync", inProgress)).isOne();

        Claim back = sweeper.claim(WAIT);
        long backAfterNanos = System.nanoTime() - beforeResume;

        assertThat(back.messageId()).isEqualTo(orphan);
        assertThat(back.attempt()).isEqualTo(2);
        assertThat(Duration.ofNanos(backAfterNanos)).as("renewed at the first sweep after the pause, so back no sooner than"
                + " three quarters of a lease after it").isGreaterThanOrEqualTo(LEASE.multipliedBy(3).dividedBy(4));
        sweeper.acknowledge(back);
    }

    @Test
    void aConsumerBusyWithALongHandlerStillBringsBackADeadConsumersMessage() throws Exception {
        String name = QueueFixture.uniqueName("busy");
        String stream = QueueFixture.streamKey(name);
        RedisQueueChannel busy = queues.open(name, LEASE);
        busy.put(json("\"long job\""));
        String orphan = busy.put(json("\"orphan\""));
        Claim longJob = busy.claim(WAIT);
        assertThat(readOne(stream, "2@test/00000002/L" + LEASE.toMillis())).as("taken by a consumer that then died")
                .isEqualTo(orphan);

        // The busy consumer never waits for messages while it handles its long job: it sweeps while it renews.
        await().atMost(Duration.ofNanos(WAIT)).until(() -> ChannelKeys.SCHEDULED.equals(holderOf(stream, orphan)));

        busy.acknowledge(longJob);
        Claim back = busy.claim(0);
        assertThat(back.messageId()).isEqualTo(orphan);
        assertThat(back.attempt()).isEqualTo(2);
    }

    /**
     * Freezes the server ({@code SIGSTOP}) for the given time and lets it go on; returns
     * {@link System#nanoTime()} from just before it went on.
     */
    private static long pauseServerFor(Duration pause) throws Exception {
        redis.pause();
        try {
            TimeUnit.NANOSECONDS.sleep(pause.toNanos()); // the outage itself, which only time makes; no thread is awaited
            return System.nanoTime();
        } finally {
            redis.resume();
        }
    }

    @SuppressWarnings("unchecked") // Lettuce takes the streams to read as generic varargs
    private static String readOne(String stream, String consumer) {
        List<StreamMessage<String, String>> read = redis.commands().xreadgroup(Consumer.from("ipsync", consumer),
                XReadArgs.Builder.count(1), XReadArgs.StreamOffset.lastConsumed(stream));
        return read.get(0).getId();
    }

    private static String holderOf(String stream, String id) {
        List<PendingMessage> pending = redis.commands().xpending(stream, "ipsync", Range.create(id, id), Limit.from(1));
        return pending.isEmpty() ? null : pending.get(0).getConsumer();
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
