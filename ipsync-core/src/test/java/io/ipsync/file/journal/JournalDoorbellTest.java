package io.ipsync.file.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An idle consumer in another process sleeps on its doorbell (socket, or futex word where the
 * child has native access on Java 22+) and a put wakes it. Prints the
 * put-to-claim latencies and the sleeper's CPU time while idle (figures, not assertions: the VM is
 * shared).
 */
class JournalDoorbellTest {

    @TempDir
    Path dir;

    @Test
    void anIdleConsumerInAnotherProcessSleepsOnItsDoorbellAndAPutWakesIt() throws Exception {
        Path queue = dir.resolve("q");
        try (JournalQueueChannel producer = JournalQueueChannel.open(queue, JournalLifeMain.OPTIONS, JournalLifeMain.SETTINGS);
                ChildJvm child = ChildJvm.start("journal waiter", JournalChildMain.class, "waiter", queue.toString(), "20")) {
            List<Long> latencies = new ArrayList<>();
            Duration idleCpu = null;
            Meta meta = Meta.open(queue.resolve("journal").resolve("meta"));
            for (int i = 0; i < 20; i++) {
                int waiting = i + 1;
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> child.linesStartingWith("waiting").size() >= waiting);
                // asleep on its socket or its futex word (a child with native access on Java 22+)
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> JournalFutexAcrossProcessesTest.asleep(meta));
                if (i == 10) {
                    Duration before = cpu(child);
                    Thread.sleep(1000); // an idle second, measured: not synchronisation
                    idleCpu = cpu(child).minus(before);
                }
                producer.put(("\"" + i + "\"").getBytes(StandardCharsets.UTF_8));
                String claimed = child.awaitLineStartingWith("claimed \"" + i + "\"", Duration.ofSeconds(60));
                latencies.add(Long.parseLong(claimed.split(" ")[2]));
            }
            Collections.sort(latencies);
            System.out.println("journal doorbell: put-to-claim across processes after idling, p50 " + latencies.get(10)
                    + " us, max " + latencies.get(19) + " us; the idle consumer used " + idleCpu + " of CPU in an idle second");
            assertThat(latencies).hasSize(20);
        }
    }

    private static Duration cpu(ChildJvm child) {
        return ProcessHandle.of(child.pid()).flatMap(process -> process.info().totalCpuDuration()).orElse(Duration.ZERO);
    }
}
