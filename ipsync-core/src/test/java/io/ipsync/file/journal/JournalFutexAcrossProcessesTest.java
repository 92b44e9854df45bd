package io.ipsync.file.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipsync.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idle consumers in one process are woken by puts in another, whatever bell each chose: a
 * consumer on Java 25 with native access sleeps on its futex word, one on Java 17 or without
 * native access on its socket, and a producer rings both. The children's sleeps last minutes, so
 * a message claimed within the wait below was rung for, not found by a timed look.
 *
 * <p>Runs on Java 17 and in the Java 25 run; skipped where Java 25 (or its versioned classes) is
 * missing.
 */
class JournalFutexAcrossProcessesTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    private static final int MESSAGES = 3;

    @TempDir
    Path dir;

    @Test
    void aFutexSleeperIsWokenByAProducerOnJava25() throws Exception {
        wakes(JournalJvm.JAVA_25_NATIVE, "futex", JournalJvm.JAVA_25_NATIVE, "futex");
    }

    @Test
    void aFutexCapableSleeperIsWokenByAProducerOnJava17() throws Exception {
        wakes(JournalJvm.JAVA_25_NATIVE, "futex", JournalJvm.JAVA_17, "socket");
    }

    @Test
    void aSocketSleeperOnJava17IsWokenByAFutexProducer() throws Exception {
        wakes(JournalJvm.JAVA_17, "socket", JournalJvm.JAVA_25_NATIVE, "futex");
    }

    @Test
    void withoutNativeAccessJava25SleepsOnItsSocketAndIsWokenByAFutexProducer() throws Exception {
        wakes(JournalJvm.JAVA_25, "socket", JournalJvm.JAVA_25_NATIVE, "futex");
    }

    private void wakes(JournalJvm consumerJvm, String consumerBell, JournalJvm producerJvm, String producerBell)
            throws Exception {
        assumeTrue(consumerJvm.available() && producerJvm.available(), "needs " + consumerJvm + " and " + producerJvm);
        Path queue = dir.resolve("q");
        String n = Integer.toString(MESSAGES);
        try (ChildJvm producer = producerJvm.start("journal putter on " + producerJvm, Duration.ofMinutes(3),
                JournalBellChildMain.class, "putter", queue.toString(), n)) {
            // the producer first: a socket-only one must be known before a consumer goes to sleep
            assertThat(producer.awaitLineStartingWith("bell ", WITHIN)).isEqualTo("bell " + producerBell);
            try (ChildJvm consumer = consumerJvm.start("journal waiter on " + consumerJvm, Duration.ofMinutes(3),
                    JournalBellChildMain.class, "waiter", queue.toString(), n)) {
                assertThat(consumer.awaitLineStartingWith("bell ", WITHIN)).isEqualTo("bell " + consumerBell);
                Meta meta = Meta.open(queue.resolve("journal").resolve("meta"));
                for (int i = 0; i < MESSAGES; i++) {
                    consumer.awaitLine("waiting", WITHIN);
                    Awaitility.await().atMost(WITHIN).until(() -> asleep(meta));
                    producer.send("put " + i);
                    producer.awaitLine("put " + i, WITHIN);
                    assertThat(consumer.awaitLine(line -> line.startsWith("claimed ") || line.equals("missed"), WITHIN))
                            .isEqualTo("claimed \"" + i + "\"");
                }
                consumer.awaitSuccess(WITHIN);
            }
            producer.awaitSuccess(WITHIN);
        }
    }

    /** Whether a consumer has announced its sleep, on a socket or a futex. */
    static boolean asleep(Meta meta) {
        for (int at = JournalFormat.SLEEPERS_AT; at < JournalFormat.SOCKET_ONLY_AT; at += 8) {
            if ((long) JournalFormat.LONG.getVolatile(meta.buffer, at) != 0) {
                return true;
            }
        }
        return false;
    }
}
