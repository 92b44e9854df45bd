package io.ipsync;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.file.FileSignalChannel;
import io.ipsync.spi.Version;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Event#cancelWait()} ends every wait in progress. It takes two steps
 * ({@code cursor.cancel()}, then {@code channel.wakeUpWaiters()}), and a wait begins in the cursor
 * before it begins in the channel: a cancel that lands between the two must still end the wait
 * (the channel asks the cursor's stop condition), or the wait would last its whole timeout, for
 * {@code await()} forever.
 *
 * <p>The test holds the waiting thread, by the {@code ChangeWait} hook, right after the cursor's
 * start and before the channel's, while another thread takes cancelWait's two steps.
 */
class ListenerCursorTest {

    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    private FileSignalChannel channel;

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (channel != null) {
            channel.close(); // wakes the stuck wait (a second wake-up after its snapshot)
        }
        threads.shutdownNow();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void cancelWaitThatLandsJustAfterTheWaitBeganStillEndsIt() throws Exception {
        channel = FileSignalChannel.open(dir.resolve("reload.event"), Duration.ofMillis(50), false);
        ListenerCursor cursor = new ListenerCursor("event " + channel.location());
        CountDownLatch inWindow = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        AtomicBoolean firstLook = new AtomicBoolean(true);
        ListenerCursor.ChangeWait<Version> hookedWait = (seen, timeoutNanos, stopWaiting) -> {
            if (firstLook.getAndSet(false)) {
                inWindow.countDown();
                cancelled.await();
            }
            return channel.awaitChange(seen, timeoutNanos, stopWaiting);
        };

        Future<Optional<Version>> wait = threads.submit(() -> cursor.await(Duration.ofHours(1), hookedWait, v -> v));
        assertThat(inWindow.await(30, TimeUnit.SECONDS)).isTrue();
        threads.submit(() -> {
            // Event.cancelWait(), step by step, from another thread
            cursor.cancel();
            channel.wakeUpWaiters();
            cancelled.countDown();
        }).get(30, TimeUnit.SECONDS);

        assertThat(wait.get(10, TimeUnit.SECONDS)).as("a wait cancelled while in progress ends empty").isEmpty();
    }
}
