package io.ipsync.file.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.QueueOptions;
import io.ipsync.spi.Claim;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's bells in one JVM: which one a channel uses, and that a sleep on it ends when a
 * producer of another slot rings (as one in another process does), when the in-JVM doorbell rings
 * (what close and wakeUpWaiters do), when the thread is interrupted, and at its bound; with both
 * bells mixed. On Java 17 every bell is a socket bell; in the Java 25 run with native access
 * (profile {@code java25-journal}) a bell is a futex bell unless opened with
 * {@code -Dipsync.journal.bell=socket}, which is how the mixed cases get a socket bell there.
 *
 * <p>Each sleep is for a minute and each wait for its end at most 30 s, so only the wake-up under
 * test can end it in time.
 */
class JournalBellTest {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private static final Duration WOKEN_WITHIN = Duration.ofSeconds(30);

    /** What a channel of this JVM should use: the Java 25 run sets it to {@code futex}. */
    static final String EXPECTED = System.getProperty("ipsync.test.expectedJournalBell", "socket");

    @TempDir
    Path dir;

    private Path folder;

    private Meta meta;

    private SlotLocks locks;

    private final ExecutorService sleepers = Executors.newCachedThreadPool(runnable -> new Thread(runnable,
            "journal-bell-sleeper"));

    @BeforeEach
    void journal() throws Exception {
        Path queue = dir.resolve("q");
        JournalQueueChannel.open(queue, JournalLifeMain.OPTIONS, JournalLifeMain.SETTINGS).close();
        folder = queue.resolve("journal");
        meta = Meta.open(folder.resolve("meta"));
        locks = SlotLocks.of(folder.resolve("lock"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        System.clearProperty("ipsync.journal.bell");
        sleepers.shutdownNow();
        assertThat(sleepers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aChannelUsesTheBellThisJvmMayUse() throws Exception {
        try (JournalQueueChannel channel = JournalQueueChannel.open(dir.resolve("q"), JournalLifeMain.OPTIONS,
                JournalLifeMain.SETTINGS)) {
            assertThat(channel.bellKind()).isEqualTo(EXPECTED);
        }
        System.setProperty("ipsync.journal.bell", "socket");
        try (JournalQueueChannel channel = JournalQueueChannel.open(dir.resolve("q"), JournalLifeMain.OPTIONS,
                JournalLifeMain.SETTINGS)) {
            assertThat(channel.bellKind()).isEqualTo("socket");
        }
    }

    @Test
    void aRingOfAnotherSlotWakesASleeper() throws Exception {
        try (JournalBell sleeper = bell(5, false); JournalBell producer = bell(6, false)) {
            assertThat(sleeper.kind()).isEqualTo(EXPECTED);
            CountDownLatch announced = new CountDownLatch(1);
            Future<Boolean> sleep = sleep(sleeper, MINUTE, announced);
            assertThat(announced.await(30, TimeUnit.SECONDS)).isTrue();
            producer.ring();
            assertThat(sleep.get(WOKEN_WITHIN.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aSocketOnlyProducerWakesASleeperThatCouldUseAFutex() throws Exception {
        try (JournalBell sleeper = bell(5, false); JournalBell producer = bell(6, true)) {
            assertThat(producer.kind()).isEqualTo("socket");
            CountDownLatch announced = new CountDownLatch(1);
            Future<Boolean> sleep = sleep(sleeper, MINUTE, announced);
            assertThat(announced.await(30, TimeUnit.SECONDS)).isTrue();
            producer.ring();
            assertThat(sleep.get(WOKEN_WITHIN.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aProducerThatCouldUseAFutexWakesASocketSleeper() throws Exception {
        try (JournalBell sleeper = bell(5, true); JournalBell producer = bell(6, false)) {
            assertThat(sleeper.kind()).isEqualTo("socket");
            CountDownLatch announced = new CountDownLatch(1);
            Future<Boolean> sleep = sleep(sleeper, MINUTE, announced);
            assertThat(announced.await(30, TimeUnit.SECONDS)).isTrue();
            producer.ring();
            assertThat(sleep.get(WOKEN_WITHIN.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void theInJvmDoorbellWakesASleeper() throws Exception {
        try (JournalBell sleeper = bell(5, false)) {
            Doorbell doorbell = Doorbell.of(dir.resolve("in-jvm"));
            CountDownLatch announced = new CountDownLatch(1);
            Future<Boolean> sleep = sleepers.submit(() -> sleeper.sleep(MINUTE, () -> {
                announced.countDown();
                return false;
            }, doorbell));
            assertThat(announced.await(30, TimeUnit.SECONDS)).isTrue();
            doorbell.ring();
            assertThat(sleep.get(WOKEN_WITHIN.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void anInterruptEndsASleepWithTheInterruptStatusSet() throws Exception {
        try (JournalBell sleeper = bell(5, false)) {
            CountDownLatch announced = new CountDownLatch(1);
            AtomicBoolean interrupted = new AtomicBoolean();
            Thread thread = new Thread(() -> {
                try {
                    sleeper.sleep(MINUTE, () -> {
                        announced.countDown();
                        return false;
                    }, Doorbell.of(dir.resolve("in-jvm")));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                interrupted.set(Thread.currentThread().isInterrupted());
            }, "journal-bell-interrupted");
            thread.start();
            assertThat(announced.await(30, TimeUnit.SECONDS)).isTrue();
            thread.interrupt();
            thread.join(WOKEN_WITHIN.toMillis());
            assertThat(thread.isAlive()).as("still asleep after the interrupt").isFalse();
            assertThat(interrupted).isTrue();
        }
    }

    @Test
    void aSleepNobodyRingsEndsAtItsBound() throws Exception {
        try (JournalBell sleeper = bell(5, false)) {
            Future<Boolean> sleep = sleep(sleeper, TimeUnit.MILLISECONDS.toNanos(50), new CountDownLatch(1));
            assertThat(sleep.get(WOKEN_WITHIN.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void closeEndsAClaimSleepingOnTheBellAndAPutWakesOne() throws Exception {
        long before = JournalIdleWait.maxBellSleepNanos;
        JournalIdleWait.maxBellSleepNanos = TimeUnit.MINUTES.toNanos(2); // only a ring ends a sleep in time
        QueueOptions options = QueueOptions.builder().layout("journal").maxMessageSize(100_000)
                .reclaimInterval(Duration.ofMinutes(2)).build();
        try (JournalQueueChannel consumer = JournalQueueChannel.open(dir.resolve("q"), options, JournalLifeMain.SETTINGS);
                JournalQueueChannel producer = JournalQueueChannel.open(dir.resolve("q"), options,
                        JournalLifeMain.SETTINGS)) {
            Future<Claim> woken = sleepers.submit(() -> consumer.claim(MINUTE));
            awaitASleeper();
            producer.put("\"ring\"".getBytes(StandardCharsets.UTF_8));
            Claim claim = woken.get(WOKEN_WITHIN.toSeconds(), TimeUnit.SECONDS);
            assertThat(new String(claim.content(), StandardCharsets.UTF_8)).isEqualTo("\"ring\"");
            consumer.acknowledge(claim);

            Future<Claim> closed = sleepers.submit(() -> consumer.claim(MINUTE));
            awaitASleeper();
            consumer.close();
            assertThat(closed.get(WOKEN_WITHIN.toSeconds(), TimeUnit.SECONDS)).isNull();
        } finally {
            JournalIdleWait.maxBellSleepNanos = before;
        }
    }

    private void awaitASleeper() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (int at = JournalFormat.SLEEPERS_AT; at < JournalFormat.SOCKET_ONLY_AT; at += 8) {
                if ((long) JournalFormat.LONG.getVolatile(meta.buffer, at) != 0) {
                    return true;
                }
            }
            return false;
        });
    }

    private JournalBell bell(int slot, boolean socketOnly) {
        if (socketOnly) {
            System.setProperty("ipsync.journal.bell", "socket");
        }
        try {
            return JournalBells.open(folder, meta, slot, locks);
        } finally {
            System.clearProperty("ipsync.journal.bell");
        }
    }

    private Future<Boolean> sleep(JournalBell bell, long nanos, CountDownLatch announced) {
        return sleepers.submit(() -> bell.sleep(nanos, () -> {
            announced.countDown();
            return false;
        }, Doorbell.of(dir.resolve("in-jvm"))));
    }
}
