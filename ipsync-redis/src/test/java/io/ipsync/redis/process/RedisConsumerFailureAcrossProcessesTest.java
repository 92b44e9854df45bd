package io.ipsync.redis.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.process.ConsumerReport;
import io.ipsync.process.Job;
import io.ipsync.process.QueueConsumerMain;
import io.ipsync.redis.RedisTransport;
import io.ipsync.redis.test.RedisServer;
import io.ipsync.spi.QueueChannel;
import io.ipsync.testing.ChildJvm;
import io.lettuce.core.models.stream.PendingMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Consumers in separate JVMs that die or are slow, on a queue on a real {@code redis-server}: a
 * killed consumer's message comes back to another as its next attempt; a live one keeps its
 * message however far past its lease it handles it, because it renews the lease.
 */
class RedisConsumerFailureAcrossProcessesTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    /**
     * The queue's reclaim interval, the lease: short, so that the others' sweeps run often while
     * the test watches, yet a few seconds, as a consumer loses its message when a renewal comes
     * half a lease late, which three JVMs starting on a busy machine must not make happen.
     */
    private static final Duration LEASE = Duration.ofSeconds(3);

    private static final String SHORT_LEASE = "--reclaimInterval=" + LEASE;

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @Test
    void messageOfAConsumerKilledWhileHandlingItIsHandledByAnotherProcessOnItsSecondAttempt() throws Exception {
        RedisQueueState queue = new RedisQueueState(redis, "killed-consumer");
        List<String> ids = putJobs(queue, 50);
        int killedJob = 25;
        try (ChildJvm first = ChildJvm.start("first consumer", QueueConsumerMain.class, queue.address(), SHORT_LEASE,
                "--block=" + killedJob, "--stopAfterIdlePolls=0")) {
            ConsumerReport handling = ConsumerReport.parse(first.awaitLineStartingWith("handling ", LONG));
            assertThat(handling.jobId()).isEqualTo(killedJob);
            assertThat(handling.attempt()).isEqualTo(1);

            first.kill();
            // It held the message it was handling and those it had taken ahead of it (prefetch): all come back, and
            // only the one it was handling with an attempt counted.
            assertThat(queue.pending()).as("the killed consumer's message, left held by it")
                    .anySatisfy(held -> assertThat(held.getId()).isEqualTo(ids.get(killedJob)))
                    .allSatisfy(held -> assertThat(held.getRedeliveryCount()).isOne());

            // It stops once it handled the rest and the killed consumer's message: not at its first empty poll,
            // which may come before that message is back.
            try (ChildJvm second = ChildJvm.start("second consumer", QueueConsumerMain.class, queue.address(), SHORT_LEASE,
                    "--stopAfterHandled=" + (50 - killedJob), "--stopAfterIdlePolls=0")) {
                second.awaitSuccess(LONG);

                Map<Integer, ConsumerReport> handled = ConsumerReport.byJobId(List.of(first, second), "handled");
                assertThat(handled.keySet()).as("every job handled exactly once")
                        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 50).boxed().toList());
                assertThat(handled.get(killedJob).pid()).isEqualTo(second.pid());
                assertThat(handled.get(killedJob).attempt()).isEqualTo(2);
                assertThat(handled.values()).filteredOn(report -> report.jobId() != killedJob)
                        .allSatisfy(report -> assertThat(report.attempt()).isEqualTo(1));
                assertThat(ConsumerReport.jobIds(first, "handled")).as("jobs acknowledged before the kill")
                        .containsExactlyElementsOf(IntStream.range(0, killedJob).boxed().toList());
                queue.assertNothingLeft();
            }
        }
    }

    @Test
    void slowButLiveConsumerKeepsItsMessagePastItsLeaseWhileOthersSweepAgainAndAgain() throws Exception {
        RedisQueueState queue = new RedisQueueState(redis, "slow-consumer");
        List<String> ids = putJobs(queue, 20);
        int slowJob = 0;
        try (ChildJvm slow = ChildJvm.start("slow consumer", QueueConsumerMain.class, queue.address(), SHORT_LEASE,
                     "--block=" + slowJob, "--stopAfterIdlePolls=1");
             ChildJvm sweeping = startWhenSlowOneHandles(slow, slowJob, queue)) {
            // The other consumer takes the rest, then keeps polling: each empty poll lasts a lease,
            // and it looks for abandoned messages every quarter lease meanwhile.
            for (int i = 0; i < 3; i++) {
                sweeping.awaitLineStartingWith("idle ", LONG);
            }
            // And this process, a third one, sweeps outright.
            try (RedisTransport transport = new RedisTransport();
                 QueueChannel sweeper = transport.openQueue(redis.address(queue.name(), redis.settings().lease(LEASE).build()),
                         QueueOptions.DEFAULTS)) {
                for (int i = 0; i < 3; i++) {
                    assertThat(sweeper.reclaimAbandoned()).as("messages taken from a live consumer").isZero();
                }
            }
            assertThat(ConsumerReport.jobIds(sweeping, "handled")).doesNotContain(slowJob).hasSize(19);
            List<PendingMessage> held = queue.pending();
            assertThat(held).as("messages held").singleElement().satisfies(message -> {
                assertThat(message.getId()).isEqualTo(ids.get(slowJob));
                assertThat(message.getRedeliveryCount()).as("deliveries").isOne();
            });
            assertThat(queue.scheduled()).isZero();

            slow.send("release " + slowJob);
            ConsumerReport handled = ConsumerReport.parse(slow.awaitLineStartingWith("handled ", LONG));
            assertThat(handled.jobId()).isEqualTo(slowJob);
            assertThat(handled.attempt()).isEqualTo(1);
            slow.awaitSuccess(LONG);
            sweeping.send("stop");
            sweeping.awaitSuccess(LONG);

            Map<Integer, ConsumerReport> all = ConsumerReport.byJobId(List.of(slow, sweeping), "handled");
            assertThat(all.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).boxed().toList());
            queue.assertNothingLeft();
        }
    }

    private static ChildJvm startWhenSlowOneHandles(ChildJvm slow, int slowJob, RedisQueueState queue)
            throws InterruptedException {
        ConsumerReport handling = ConsumerReport.parse(slow.awaitLineStartingWith("handling ", LONG));
        assertThat(handling.jobId()).isEqualTo(slowJob);
        return ChildJvm.start("sweeping consumer", QueueConsumerMain.class, queue.address(), SHORT_LEASE,
                "--pollTimeout=" + LEASE, "--stopAfterIdlePolls=0");
    }

    /** Puts jobs 0 .. count-1 from this process and returns their message ids. */
    private static List<String> putJobs(RedisQueueState queue, int count) {
        try (JsonDataQueue producer = JsonDataQueue.open(redis.address(queue.name()), QueueOptions.DEFAULTS)) {
            return producer.putAll(IntStream.range(0, count).mapToObj(id -> new Job(id, ProcessHandle.current().pid())).toList());
        }
    }
}
