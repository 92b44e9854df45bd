package io.ipsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipsync.QueueStats;
import io.ipsync.redis.test.RedisServer;
import io.ipsync.spi.Claim;
import io.ipsync.spi.ClaimLostException;
import io.ipsync.spi.DeadLetterReason;
import io.lettuce.core.Consumer;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.models.stream.PendingMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The queue's states and settlements on a real server, through the SPI: where a message is after
 * each step, its attempt, its lease.
 */
class RedisQueueClaimTest {

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
    void releaseGivesTheMessageBackDueAtOnceWithoutCountingTheAttempt() throws Exception {
        String name = QueueFixture.uniqueName("release");
        RedisQueueChannel consumer = queues.open(name, LONG_LEASE);
        consumer.put(json("{\"n\":1}"));

        Claim first = consumer.claim(WAIT);
        assertThat(first.attempt()).isEqualTo(1);
        consumer.release(first);

        Claim again = consumer.claim(0);
        assertThat(again).isNotNull();
        assertThat(again.messageId()).isEqualTo(first.messageId());
        assertThat(again.attempt()).isEqualTo(1);
        assertThat(again.content()).isEqualTo(json("{\"n\":1}"));
    }

    @Test
    void aRetryWaitsForItsBackOffThenComesWithTheNextAttempt() throws Exception {
        String name = QueueFixture.uniqueName("backoff");
        RedisQueueChannel consumer = queues.open(name, LONG_LEASE);
        consumer.put(json("1"));
        Claim first = consumer.claim(WAIT);

        long scheduledAt = System.nanoTime();
        consumer.retryLater(first, Instant.now().plusMillis(800));

        assertThat(consumer.claim(0)).as("not due yet").isNull();
        assertThat(consumer.stats().scheduledRetries()).isEqualTo(1);
        Claim retry = consumer.claim(WAIT);
        assertThat(Duration.ofNanos(System.nanoTime() - scheduledAt)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        assertThat(retry.messageId()).isEqualTo(first.messageId());
        assertThat(retry.attempt()).isEqualTo(2);
    }

    @Test
    void dueRetriesAreClaimedBeforeWaitingMessages() throws Exception {
        String name = QueueFixture.uniqueName("retry-first");
        RedisQueueChannel consumer = queues.open(name, LONG_LEASE);
        consumer.put(json("\"a\""));
        Claim a = consumer.claim(WAIT);
        consumer.put(json("\"b\""));
        consumer.retryLater(a, Instant.now());

        Claim next = consumer.claim(WAIT);
        assertThat(next.messageId()).isEqualTo(a.messageId());
        assertThat(next.attempt()).isEqualTo(2);
        assertThat(new String(consumer.claim(WAIT).content(), StandardCharsets.UTF_8)).isEqualTo("\"b\"");
    }

    @Test
    void acknowledgingDeletesTheEntrySoTheStreamDoesNotGrow() throws Exception {
        String name = QueueFixture.uniqueName("xdel");
        RedisQueueChannel consumer = queues.open(name, LONG_LEASE);
        for (int i = 0; i < 5; i++) {
            consumer.put(json(Integer.toString(i)));
        }
        assertThat(redis.commands().xlen(QueueFixture.streamKey(name))).isEqualTo(5);

        for (Claim claim : consumer.claimBatch(5, WAIT)) {
            consumer.acknowledge(claim);
        }

        assertThat(redis.commands().xlen(QueueFixture.streamKey(name))).isZero();
        assertThat(redis.commands().xpending(QueueFixture.streamKey(name), "ipsync").getCount()).isZero();
    }

    @Test
    void headersAreStreamFieldsBesideThePayloadAndAMessageWithoutThemHasOnlyThePayload() throws Exception {
        String name = QueueFixture.uniqueName("headers");
        RedisQueueChannel channel = queues.open(name, LONG_LEASE);
        String withHeaders = channel.put(json("{}"), Map.of("traceparent", "00-abc-01", "reply-to", "answers"));
        String without = channel.put(json("{}"));

        List<StreamMessage<String, String>> entries = redis.commands().xrange(QueueFixture.streamKey(name), Range.create("-", "+"));
        assertThat(entries.get(0).getId()).isEqualTo(withHeaders);
        assertThat(entries.get(0).getBody()).containsOnly(Map.entry("p", "{}"), Map.entry("h:traceparent", "00-abc-01"),
                Map.entry("h:reply-to", "answers"));
        assertThat(entries.get(1).getId()).isEqualTo(without);
        assertThat(entries.get(1).getBody()).containsOnly(Map.entry("p", "{}"));

        assertThat(channel.claim(WAIT).headers()).containsOnly(Map.entry("traceparent", "00-abc-01"),
                Map.entry("reply-to", "answers"));
        assertThat(channel.claim(WAIT).headers()).isEmpty();
    }

    @Test
    void aClaimTakenOverByAnotherConsumerCannotBeSettledAndNothingChangesOnItsBehalf() throws Exception {
        String name = QueueFixture.uniqueName("taken-over");
        RedisQueueChannel consumer = queues.open(name, LONG_LEASE);
        consumer.put(json("1"));
        Claim claim = consumer.claim(WAIT);
        String stream = QueueFixture.streamKey(name);
        // Another consumer takes the message over, as after this one's lease ran out (XCLAIM counts a delivery).
        redis.commands().xclaim(stream, Consumer.from("ipsync", "other"), 0, claim.messageId());

        assertThatThrownBy(() -> consumer.acknowledge(claim)).isInstanceOf(ClaimLostException.class)
                .hasMessageContaining(claim.messageId()).hasMessageContaining("no longer this consumer's");
        assertThatThrownBy(() -> consumer.retryLater(claim, Instant.now())).isInstanceOf(ClaimLostException.class);
        assertThatThrownBy(() -> consumer.release(claim)).isInstanceOf(ClaimLostException.class);
        assertThatThrownBy(() -> consumer.deadLetter(claim, DeadLetterReason.of("bad")))
                .isInstanceOf(ClaimLostException.class);

        List<PendingMessage> pending = redis.commands().xpending(stream, "ipsync", Range.create("-", "+"),
                io.lettuce.core.Limit.from(10));
        assertThat(pending).singleElement().satisfies(message -> {
            assertThat(message.getConsumer()).isEqualTo("other");
            assertThat(message.getRedeliveryCount()).isEqualTo(2);
        });
        assertThat(redis.commands().xlen(stream)).isEqualTo(1);
        assertThat(consumer.deadLetters().count()).isZero();
    }

    @Test
    void scriptsTheServerForgotAreSentAgain() throws Exception {
        RedisQueueChannel consumer = queues.open(QueueFixture.uniqueName("noscript"), LONG_LEASE);
        consumer.put(json("1"));
        consumer.put(json("2"));
        consumer.acknowledge(consumer.claim(WAIT));

        redis.commands().scriptFlush(); // as after a restart or failover: EVALSHA answers NOSCRIPT

        consumer.acknowledge(consumer.claim(WAIT));
        assertThat(consumer.size()).isZero();
    }

    @Test
    void aScheduledMessageDeletedFromTheStreamLeavesScheduleAndGroupAndTakingGoesOn() throws Exception {
        String name = QueueFixture.uniqueName("deleted-scheduled");
        String stream = QueueFixture.streamKey(name);
        RedisQueueChannel consumer = queues.open(name, LONG_LEASE);
        consumer.put(json("\"deleted\""));
        Claim doomed = consumer.claim(WAIT);
        consumer.retryLater(doomed, Instant.now());
        String next = consumer.put(json("\"next\""));

        redis.commands().xdel(stream, doomed.messageId()); // by hand, while it waits for its retry

        assertThat(consumer.claim(WAIT).messageId()).isEqualTo(next);
        assertThat(redis.commands().zcard("{ipsync:" + name + "}:retry")).isZero();
        assertThat(redis.commands().xpending(stream, "ipsync", Range.create(doomed.messageId(), doomed.messageId()),
                io.lettuce.core.Limit.from(1))).isEmpty();
    }

    /**
     * Before 7.0, {@code XCLAIM} answers nil for a pending entry deleted from the stream (and moves it
     * to the consumer all the same). The server here is newer, so {@code take.lua} runs with its
     * {@code redis.call} answering {@code XCLAIM} as 6.2 would for such an entry.
     */
    @Test
    void takeDropsADueEntryThatRedisBefore7AnswersNilFor() throws Exception {
        String name = QueueFixture.uniqueName("deleted-6.2");
        String stream = QueueFixture.streamKey(name);
        String schedule = "{ipsync:" + name + "}:retry";
        RedisQueueChannel consumer = queues.open(name, LONG_LEASE);
        consumer.put(json("\"deleted\""));
        Claim doomed = consumer.claim(WAIT);
        consumer.retryLater(doomed, Instant.now());
        redis.commands().xdel(stream, doomed.messageId());
        String asBefore7 = """
                local server = redis
                local redis = {
                  call = function(command, ...)
                    local args = {...}
                    if command == 'XCLAIM' and #server.call('XRANGE', args[1], args[5], args[5]) == 0 then
                      return {false}
                    end
                    return server.call(command, ...)
                  end,
                  pcall = server.pcall,
                }
                """;

        List<Object> reply = redis.commands().eval(asBefore7 + LuaScript.load("take").source(),
                io.lettuce.core.ScriptOutputType.MULTI, new String[] {stream, schedule, "{ipsync:" + name + "}:dead",
                "{ipsync:" + name + "}:ahead", "{ipsync:" + name + "}:swept", "{ipsync:" + name + "}:later",
                "{ipsync:" + name + "}:later-fields"}, "ipsync", "someone",
                "10", "1", "0");

        assertThat(reply).as("nothing taken, nothing scheduled, no sweep").containsExactly(-1L, 0L);
        assertThat(redis.commands().xpending(stream, "ipsync").getCount()).as("pending").isZero();
    }

    @Test
    void aClaimSettledOnceCannotBeSettledAgain() throws Exception {
        RedisQueueChannel consumer = queues.open(QueueFixture.uniqueName("twice"), LONG_LEASE);
        consumer.put(json("1"));
        Claim claim = consumer.claim(WAIT);
        consumer.acknowledge(claim);

        assertThatThrownBy(() -> consumer.acknowledge(claim)).isInstanceOf(ClaimLostException.class)
                .hasMessageContaining("already settled");
    }

    /**
     * A lease of a few seconds: the slow consumer renews every quarter lease and loses its message
     * only if a renewal comes more than half a lease late, which a busy machine does not make.
     */
    @Test
    void aSlowButLiveConsumerKeepsItsMessageLongPastItsLease() throws Exception {
        String name = QueueFixture.uniqueName("slow");
        Duration lease = Duration.ofSeconds(3);
        RedisQueueChannel slow = queues.open(name, lease);
        RedisQueueChannel other = queues.open(name, lease);
        slow.put(json("1"));
        Claim claim = slow.claim(WAIT);

        // The other consumer waits two leases, looking for abandoned messages every quarter lease.
        assertThat(other.claim(lease.multipliedBy(2).toNanos())).as("taken from the slow consumer").isNull();

        slow.acknowledge(claim);
        assertThat(slow.size()).isZero();
    }

    /**
     * Comes back because its lease ran out: not before half of it (it is taken back once idle for
     * three quarters of it, a lower bound no busy machine can break), and within a few leases (one
     * in steady state, another after a gap in the sweeps, and room for a busy machine).
     */
    @Test
    @SuppressWarnings("unchecked") // Lettuce takes the streams to read as generic varargs
    void theMessagesOfAConsumerThatStopsRenewingComeBackWithinTheLeaseWithTheAttemptCounted() throws Exception {
        String name = QueueFixture.uniqueName("abandoned");
        Duration lease = Duration.ofSeconds(2);
        String stream = QueueFixture.streamKey(name);
        RedisQueueChannel consumer = queues.open(name, lease);
        consumer.put(json("\"orphan\""));
        redis.commands().xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), "ipsync");
        long takenAt = System.nanoTime();
        // A consumer that takes the message and never renews its claim, as a process that died would.
        redis.commands().xreadgroup(Consumer.from("ipsync", "died"), XReadArgs.StreamOffset.lastConsumed(stream));

        Claim claim = consumer.claim(WAIT);

        assertThat(claim).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - takenAt)).isBetween(lease.dividedBy(2), lease.multipliedBy(3));
        assertThat(claim.attempt()).isEqualTo(2);
        assertThat(new String(claim.content(), StandardCharsets.UTF_8)).isEqualTo("\"orphan\"");
    }

    @Test
    void closingGivesBackUnsettledClaimsDueAtOnceWithoutCountingThem() throws Exception {
        String name = QueueFixture.uniqueName("close");
        RedisQueueChannel closing = queues.open(name, LONG_LEASE);
        RedisQueueChannel other = queues.open(name, LONG_LEASE);
        closing.put(json("1"));
        Claim claim = closing.claim(WAIT);

        closing.close();

        Claim again = other.claim(0);
        assertThat(again.messageId()).isEqualTo(claim.messageId());
        assertThat(again.attempt()).isEqualTo(1);
        assertThatThrownBy(() -> closing.acknowledge(claim)).isInstanceOf(ClaimLostException.class);
        assertThat(redis.commands().xinfoConsumers(QueueFixture.streamKey(name), "ipsync").toString())
                .doesNotContain(closing.consumerName());
    }

    /**
     * A claim whose answer comes after {@code close()} began hands nothing out: close gives back
     * what is held when it runs, so a claim handed out later would be one the caller holds but
     * the queue gave back. The server is paused so that the claim waits for its answer while
     * close begins.
     */
    @Test
    void aClaimAnsweredAfterCloseBeganHandsOutNothingAndGivesItBack() throws Exception {
        String name = QueueFixture.uniqueName("close-during-claim");
        RedisQueueChannel closing = queues.open(name, LONG_LEASE);
        RedisQueueChannel other = queues.open(name, LONG_LEASE);
        closing.put(json("1"));
        Claim first = closing.claim(WAIT);
        closing.retryLater(first, Instant.now()); // due at once: the next claim takes it with take.lua
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            redis.pause();
            Future<Claim> claiming;
            Future<?> closed;
            try {
                AtomicReference<Thread> claimer = new AtomicReference<>();
                claiming = threads.submit(() -> {
                    claimer.set(Thread.currentThread());
                    return closing.claim(WAIT);
                });
                // The claim waits for the server's answer ...
                await().atMost(Duration.ofNanos(WAIT)).until(() -> claimer.get() != null
                        && claimer.get().getState() == Thread.State.TIMED_WAITING);
                AtomicReference<Thread> closer = new AtomicReference<>();
                closed = threads.submit(() -> {
                    closer.set(Thread.currentThread());
                    closing.close();
                });
                // ... and close has begun: it waits for the claim to finish.
                await().atMost(Duration.ofNanos(WAIT)).until(() -> closer.get() != null
                        && closer.get().getState() == Thread.State.WAITING);
            } finally {
                redis.resume();
            }

            assertThat(claiming.get(10, TimeUnit.SECONDS)).as("handed out after close began").isNull();
            closed.get(10, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        Claim again = other.claim(WAIT);
        assertThat(again.messageId()).isEqualTo(first.messageId());
        assertThat(again.attempt()).as("the retry's attempt, the closing claim's not counted").isEqualTo(2);
    }

    @Test
    void statsCountWaitingInFlightScheduledAndDeadLetters() throws Exception {
        RedisQueueChannel channel = queues.open(QueueFixture.uniqueName("stats"), LONG_LEASE);
        for (int i = 0; i < 5; i++) {
            channel.put(json(Integer.toString(i)));
        }
        List<Claim> claims = channel.claimBatch(3, WAIT);
        channel.retryLater(claims.get(0), Instant.now().plusSeconds(60));
        channel.deadLetter(claims.get(1), DeadLetterReason.of("bad"));

        QueueStats stats = channel.stats();

        assertThat(stats.waiting()).isEqualTo(2);
        assertThat(stats.oldestWaitingAge()).isNotNull().isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(stats.inFlight()).isEqualTo(1);
        assertThat(stats.scheduledRetries()).isEqualTo(1);
        assertThat(stats.deadLetters()).isEqualTo(1);
        assertThat(channel.size()).isEqualTo(3);
    }

    @Test
    void aBatchTakesSeveralMessagesOldestFirst() throws Exception {
        RedisQueueChannel channel = queues.open(QueueFixture.uniqueName("batch"), LONG_LEASE);
        List<String> ids = List.of(channel.put(json("1")), channel.put(json("2")), channel.put(json("3")),
                channel.put(json("4")));

        List<Claim> batch = channel.claimBatch(3, WAIT);

        assertThat(batch).extracting(Claim::messageId).containsExactlyElementsOf(ids.subList(0, 3));
        assertThat(channel.claimBatch(3, WAIT)).extracting(Claim::messageId).containsExactly(ids.get(3));
    }

    static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
