package io.ipsync.redis.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.process.ConsumerReport;
import io.ipsync.process.Job;
import io.ipsync.process.QueueConsumerMain;
import io.ipsync.process.QueueProducerMain;
import io.ipsync.redis.test.RedisServer;
import io.ipsync.testing.ChildJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Producers and consumers in separate JVMs that share no directory, only a queue on a real
 * {@code redis-server}: the file transport's process children ({@code io.ipsync.process}), given a
 * {@code redis://} address.
 */
class RedisQueueAcrossProcessesTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    /**
     * No server is killed here, so its writes need not wait for the disk ({@code everysec} instead
     * of the test server's {@code always}): what is measured is the processes' work, not fsync.
     */
    @RegisterExtension
    static final RedisServer redis = new RedisServer(List.of("--appendfsync", "everysec"));

    @Test
    void messagesOfAProducerProcessReachAConsumerProcessThroughTheServerExactlyOnceInOrder() throws Exception {
        RedisQueueState queue = new RedisQueueState(redis, "one-to-one");
        int count = 1_000;
        int backlog = 300;
        try (ChildJvm producer = ChildJvm.start("producer", QueueProducerMain.class, queue.address(),
                String.valueOf(count), "--pauseAfter=" + backlog)) {
            // A backlog put before any consumer came (before the consumer group exists), the rest while it takes.
            producer.awaitLineStartingWith("paused ", LONG);
            try (ChildJvm consumer = ChildJvm.start("consumer", QueueConsumerMain.class, queue.address(),
                    "--stopAfterHandled=" + count, "--stopAfterIdlePolls=0")) {
                consumer.awaitLineStartingWith("ready ", LONG);
                producer.send("resume");
                producer.awaitSuccess(LONG);
                consumer.awaitSuccess(LONG);

                assertThat(ConsumerReport.jobIds(consumer, "handled"))
                        .as("jobs in the order the consumer handled them")
                        .containsExactlyElementsOf(IntStream.range(0, count).boxed().toList());
                assertThat(ConsumerReport.of(consumer, "handled")).allSatisfy(report -> assertThat(report.attempt()).isEqualTo(1));
                queue.assertNothingLeft();
            }
        }
    }

    @Test
    void fourConsumerProcessesShareTenThousandMessagesEachTakingPartWithoutHandlingAnyTwice() throws Exception {
        RedisQueueState queue = new RedisQueueState(redis, "four-consumers");
        int count = 10_000;
        List<ChildJvm> consumers = new ArrayList<>();
        try {
            for (int i = 1; i <= 4; i++) {
                consumers.add(ChildJvm.start("consumer-" + i, QueueConsumerMain.class, queue.address(),
                        "--pollTimeout=PT1S", "--stopAfterIdlePolls=0"));
            }
            // Every consumer waits before the first message is put, so each has its chance at them.
            for (ChildJvm consumer : consumers) {
                consumer.awaitLineStartingWith("ready ", LONG);
            }
            long start = System.nanoTime();
            try (JsonDataQueue producer = JsonDataQueue.open(redis.address(queue.name()), QueueOptions.DEFAULTS)) {
                producer.putAll(IntStream.range(0, count).mapToObj(id -> new Job(id, ProcessHandle.current().pid())).toList());
            }
            long put = System.nanoTime();
            await().atMost(LONG).until(() -> consumers.stream().mapToLong(c -> c.linesStartingWith("handled ").size()).sum() >= count);
            long handledAt = System.nanoTime();
            for (ChildJvm consumer : consumers) {
                consumer.send("stop");
            }
            for (ChildJvm consumer : consumers) {
                consumer.awaitSuccess(LONG);
            }

            Map<Integer, ConsumerReport> handled = ConsumerReport.byJobId(consumers, "handled");
            assertThat(handled.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, count).boxed().toList());
            assertThat(handled.values()).allSatisfy(report -> assertThat(report.attempt()).isEqualTo(1));
            Map<Long, Long> byProcess = handled.values().stream()
                    .collect(Collectors.groupingBy(ConsumerReport::pid, Collectors.counting()));
            assertThat(consumers).as("consumers that took part").allSatisfy(consumer ->
                    assertThat(byProcess.getOrDefault(consumer.pid(), 0L)).as(consumer.name() + "'s share").isPositive());
            queue.assertNothingLeft();
            System.out.printf("Put %d messages on Redis in %d ms; four consumer processes took them in %d ms,"
                    + " handled per process id: %s%n", count, (put - start) / 1_000_000, (handledAt - start) / 1_000_000,
                    byProcess);
        } finally {
            consumers.forEach(ChildJvm::close);
        }
    }
}
