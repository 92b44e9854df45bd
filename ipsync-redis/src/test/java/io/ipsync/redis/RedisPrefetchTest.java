package io.ipsync.redis;

import static io.ipsync.redis.RedisQueueClaimTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.QueueOptions;
import io.ipsync.QueueStats;
import io.ipsync.redis.test.RedisServer;
import io.ipsync.spi.Claim;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A consumer on a backlog takes messages ahead of its callers ({@link RedisSettings#prefetch()}),
 * on a real server: fewer round trips, each message handed out once and in order, and what was
 * taken ahead given back untouched.
 */
class RedisPrefetchTest {

    private static final Duration LONG_LEASE = Duration.ofSeconds(30);

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

    @Test
    void aConsumerOnABacklogReadsItInFewStepsAndHandsOutEachMessageOnceInOrder() throws Exception {
        String name = QueueFixture.uniqueName("backlog");
        RedisQueueChannel queue = open(name, RedisSettings.DEFAULT_PREFETCH);
        for (int i = 0; i < 200; i++) {
            queue.put(json(Integer.toString(i)));
        }
        long readsBefore = redis.commandCalls("xreadgroup");

        List<String> taken = new ArrayList<>();
        for (Claim claim = queue.claim(0); claim != null; claim = queue.claim(0)) {
            taken.add(new String(claim.content(), StandardCharsets.UTF_8));
            assertThat(claim.attempt()).isEqualTo(1);
            queue.acknowledge(claim);
        }

        assertThat(taken).hasSize(200).isEqualTo(numbers(200));
        // 1, 2, 4, 8, 16, then 32 at a time: 11 reads for 200 messages, and one that finds none
        assertThat(redis.commandCalls("xreadgroup") - readsBefore).isEqualTo(12);
        assertThat(redis.commands().xlen(QueueFixture.streamKey(name))).isZero();
    }

    @Test
    void whatWasTakenAheadGoesBackOnCloseWithItsAttemptNotCounted() throws Exception {
        String name = QueueFixture.uniqueName("close");
        RedisQueueChannel closing = open(name, RedisSettings.DEFAULT_PREFETCH);
        RedisQueueChannel other = open(name, RedisSettings.DEFAULT_PREFETCH);
        for (int i = 0; i < 10; i++) {
            closing.put(json(Integer.toString(i)));
        }
        for (int i = 0; i < 3; i++) {
            closing.acknowledge(closing.claim(WAIT)); // asks for 1, then 2: hands out 0, 1 and 2
        }
        closing.claim(WAIT); // asks for 4: hands out 3, unsettled, and holds 4 to 6 ahead
        assertThat(pendingOf(name, closing)).isEqualTo(4);
        QueueStats stats = closing.stats();
        assertThat(stats.inFlight()).as("handed to a handler").isEqualTo(1);
        assertThat(stats.waiting()).as("not handed to a handler yet, taken ahead or not").isEqualTo(6);
        assertThat(stats.oldestWaitingAge()).as("of the oldest taken ahead").isNotNull();

        closing.close();

        List<String> taken = new ArrayList<>();
        for (Claim claim = other.claim(0); claim != null; claim = other.claim(0)) {
            assertThat(claim.attempt()).as("attempt of %s", claim.messageId()).isEqualTo(1);
            taken.add(new String(claim.content(), StandardCharsets.UTF_8));
            other.acknowledge(claim);
        }
        assertThat(taken).as("nothing lost, nothing twice").containsExactlyInAnyOrderElementsOf(numbers(10).subList(3, 10));
    }

    @Test
    void theServerKnowsWhichMessagesWereTakenAheadAndNotHandedOutYet() throws Exception {
        String name = QueueFixture.uniqueName("ahead");
        RedisQueueChannel queue = open(name, RedisSettings.DEFAULT_PREFETCH);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(queue.put(json(Integer.toString(i))));
        }
        String ahead = "{ipsync:" + name + "}:ahead";
        queue.acknowledge(queue.claim(WAIT)); // asks for 1
        Claim second = queue.claim(WAIT); // asks for 2: hands out the second message, takes the third ahead
        assertThat(second.messageId()).isEqualTo(ids.get(1));
        assertThat(redis.commands().hkeys(ahead)).containsExactly(ids.get(2));

        queue.acknowledge(second);
        assertThat(redis.commands().hkeys(ahead)).as("the acknowledgement took out the one to hand out next").isEmpty();
        Claim third = queue.claim(WAIT);
        assertThat(third.messageId()).isEqualTo(ids.get(2));

        Claim fourth = queue.claim(WAIT); // asks for 4 while the third is unsettled: takes three ahead
        assertThat(redis.commands().hkeys(ahead)).containsExactlyInAnyOrder(ids.get(4), ids.get(5), ids.get(6));
        Claim fifth = queue.claim(WAIT); // handed out without an acknowledgement before: recorded by a command of its own
        assertThat(fifth.messageId()).isEqualTo(ids.get(4));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(redis.commands().hkeys(ahead))
                .as("handed out: it counts as handled, should the consumer die").containsExactlyInAnyOrder(ids.get(5), ids.get(6)));
        for (Claim claim : List.of(third, fourth, fifth)) {
            queue.acknowledge(claim);
        }
    }

    @Test
    void aConsumerAskedToStopWaitingGivesBackWhatItTookAhead() throws Exception {
        String name = QueueFixture.uniqueName("paused");
        RedisQueueChannel paused = open(name, RedisSettings.DEFAULT_PREFETCH);
        RedisQueueChannel other = open(name, RedisSettings.DEFAULT_PREFETCH);
        for (int i = 0; i < 10; i++) {
            paused.put(json(Integer.toString(i)));
        }
        paused.acknowledge(paused.claim(WAIT)); // asks for 1
        Claim inHand = paused.claim(WAIT); // asks for 2: hands out 1, holds 2 ahead
        paused.acknowledge(inHand); // and takes 2 out of :ahead, to hand it out next
        Claim next = paused.claim(WAIT); // 2; asks for nothing
        Claim kept = paused.claim(WAIT); // asks for 4: hands out 3, holds 4 to 6 ahead

        paused.wakeUpWaiters(); // as a listener container does when paused or stopped

        assertThat(pendingOf(name, paused)).as("the two handed out, still in hand").isEqualTo(2);
        List<String> taken = new ArrayList<>();
        for (Claim claim = other.claim(0); claim != null; claim = other.claim(0)) {
            assertThat(claim.attempt()).isEqualTo(1);
            taken.add(new String(claim.content(), StandardCharsets.UTF_8));
            other.acknowledge(claim);
        }
        assertThat(taken).containsExactlyInAnyOrderElementsOf(numbers(10).subList(4, 10));
        paused.acknowledge(next);
        paused.acknowledge(kept);
    }

    @Test
    void aSecondConsumerTakesWhatTheFirstDidNotTakeAhead() throws Exception {
        String name = QueueFixture.uniqueName("share");
        RedisQueueChannel first = open(name, RedisSettings.DEFAULT_PREFETCH);
        RedisQueueChannel second = open(name, RedisSettings.DEFAULT_PREFETCH);
        for (int i = 0; i < 20; i++) {
            first.put(json(Integer.toString(i)));
        }
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Claim claim = first.claim(WAIT); // asks for 1, 2, then 4: hands out 0 to 3, holds 4 to 6 ahead
            taken.add(new String(claim.content(), StandardCharsets.UTF_8));
            first.acknowledge(claim);
        }

        Claim claim = second.claim(WAIT);
        assertThat(new String(claim.content(), StandardCharsets.UTF_8)).isEqualTo("7");
        second.acknowledge(claim);
        for (claim = first.claim(0); claim != null; claim = first.claim(0)) {
            taken.add(new String(claim.content(), StandardCharsets.UTF_8));
            first.acknowledge(claim);
        }
        taken.add("7");
        assertThat(taken).containsExactlyInAnyOrderElementsOf(numbers(20));
    }

    @Test
    void withPrefetchOneAConsumerHoldsOnlyWhatItHandedOut() throws Exception {
        String name = QueueFixture.uniqueName("one");
        RedisQueueChannel queue = open(name, 1);
        for (int i = 0; i < 10; i++) {
            queue.put(json(Integer.toString(i)));
        }
        for (int i = 0; i < 5; i++) {
            queue.acknowledge(queue.claim(WAIT));
        }

        queue.claim(WAIT);

        assertThat(pendingOf(name, queue)).isEqualTo(1);
    }

    private RedisQueueChannel open(String name, int prefetch) throws Exception {
        return queues.open(redis.address(name, redis.settings().lease(LONG_LEASE).prefetch(prefetch).build()),
                QueueOptions.DEFAULTS);
    }

    private static long pendingOf(String name, RedisQueueChannel consumer) {
        return redis.commands().xpending(QueueFixture.streamKey(name), "ipsync").getConsumerMessageCount()
                .getOrDefault(consumer.consumerName(), 0L);
    }


    private static List<String> numbers(int count) {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            numbers.add(Integer.toString(i));
        }
        return numbers;
    }
}
