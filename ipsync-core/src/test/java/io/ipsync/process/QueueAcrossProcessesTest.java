package io.ipsync.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import io.ipsync.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Producers and consumers in separate JVMs sharing one queue directory. */
class QueueAcrossProcessesTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path queueDir;

    @Test
    void messagesOfAProducerProcessReachAConsumerProcessExactlyOnceOldestFirst() throws Exception {
        int count = 3_000;
        int backlog = 1_000;
        try (ChildJvm producer = ChildJvm.start("producer", QueueProducerMain.class, queueDir.toString(),
                String.valueOf(count), "--pauseAfter=" + backlog)) {
            // A backlog makes the consumer's directory listings long enough to overlap the
            // producer's puts: the case where a listing can miss a message yet hold its successor.
            producer.awaitLineStartingWith("paused ", LONG);
            try (ChildJvm consumer = ChildJvm.start("consumer", QueueConsumerMain.class, queueDir.toString(),
                    "--stopAfterHandled=" + count, "--stopAfterIdlePolls=0")) {
                consumer.awaitLineStartingWith("ready ", LONG);
                producer.send("resume");
                producer.awaitSuccess(LONG);
                consumer.awaitSuccess(LONG);

                assertThat(ConsumerReport.jobIds(consumer, "handled"))
                        .as("jobs in the order the consumer handled them")
                        .containsExactlyElementsOf(IntStream.range(0, count).boxed().toList());
                assertThat(ConsumerReport.of(consumer, "handled")).allSatisfy(report -> assertThat(report.attempt()).isEqualTo(1));
                new QueueFiles(queueDir).assertNothingLeft();
            }
        }
    }

    @Test
    void fourConsumerProcessesShareTenThousandMessagesWithoutHandlingAnyTwice() throws Exception {
        int count = 10_000;
        List<ChildJvm> consumers = new ArrayList<>();
        try {
            // All four wait on the empty queue before the first message comes, so each takes part.
            for (int i = 1; i <= 4; i++) {
                consumers.add(ChildJvm.start("consumer-" + i, QueueConsumerMain.class, queueDir.toString(),
                        "--pollTimeout=PT1S", "--stopAfterIdlePolls=0"));
            }
            for (ChildJvm consumer : consumers) {
                consumer.awaitLineStartingWith("ready ", LONG);
            }
            long start = System.nanoTime();
            try (JsonDataQueue queue = JsonDataQueue.open(queueDir)) {
                queue.putAll(IntStream.range(0, count).mapToObj(id -> new Job(id, ProcessHandle.current().pid())).toList());
            }
            long put = System.nanoTime();
            Awaitility.await().atMost(LONG).until(() -> consumers.stream()
                    .mapToLong(consumer -> consumer.linesStartingWith("handled ").size()).sum() >= count);
            long taken = System.nanoTime();
            for (ChildJvm consumer : consumers) {
                consumer.send("stop");
            }
            for (ChildJvm consumer : consumers) {
                consumer.awaitSuccess(LONG);
            }

            Map<Integer, ConsumerReport> handled = ConsumerReport.byJobId(consumers, "handled");
            assertThat(handled.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, count).boxed().toList());
            assertThat(handled.values()).allSatisfy(report -> assertThat(report.attempt()).isEqualTo(1));
            Map<Long, Long> perProcess = handled.values().stream()
                    .collect(Collectors.groupingBy(ConsumerReport::pid, Collectors.counting()));
            assertThat(perProcess.keySet()).as("processes that handled messages")
                    .containsExactlyInAnyOrderElementsOf(consumers.stream().map(ChildJvm::pid).toList());
            new QueueFiles(queueDir).assertNothingLeft();
            System.out.printf("Put %d messages in %d ms; four consumer processes took them in %d ms, handled per process id:"
                    + " %s%n", count, (put - start) / 1_000_000, (taken - put) / 1_000_000, perProcess);
        } finally {
            consumers.forEach(ChildJvm::close);
        }
    }
}
