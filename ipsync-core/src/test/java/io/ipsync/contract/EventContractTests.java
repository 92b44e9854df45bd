package io.ipsync.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.ChannelAddress;
import io.ipsync.Event;
import io.ipsync.EventOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every transport's events keep (see {@link io.ipsync.spi.SignalChannel}): auto-reset,
 * broadcast, coalescing, never lost. A transport's test module extends this class with its
 * {@link TransportFixture}.
 */
@Timeout(120)
public abstract class EventContractTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final EventOptions LATER_SIGNALS = EventOptions.builder().fireOnInit(false).build();

    /** The transport under test. */
    protected abstract TransportFixture fixture();

    private Event open(ChannelAddress address, EventOptions options) {
        return Event.open(address, options, fixture().transport());
    }

    @Test
    void everyListenerWakesForOneSignal() throws Exception {
        ChannelAddress address = fixture().newEvent("broadcast");
        try (Event first = open(address, LATER_SIGNALS); Event second = open(address, LATER_SIGNALS);
                Event sender = open(address, LATER_SIGNALS)) {
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                CountDownLatch waiting = new CountDownLatch(2);
                Future<Boolean> firstWoke = threads.submit(() -> {
                    waiting.countDown();
                    return first.await(WAIT);
                });
                Future<Boolean> secondWoke = threads.submit(() -> {
                    waiting.countDown();
                    return second.await(WAIT);
                });
                waiting.await();
                sender.signal();
                assertThat(firstWoke.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                assertThat(secondWoke.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void signalsMadeWhileAListenerIsBusyAreNotLostButCoalesce() throws Exception {
        ChannelAddress address = fixture().newEvent("coalesce");
        try (Event listener = open(address, LATER_SIGNALS); Event sender = open(address, LATER_SIGNALS)) {
            for (int i = 0; i < 5; i++) {
                sender.signal();
            }
            assertThat(listener.await(WAIT)).as("woken for the signals made while busy").isTrue();
            assertThat(listener.await(Duration.ofMillis(300))).as("once for all five").isFalse();
            sender.signal();
            assertThat(listener.await(WAIT)).as("a later signal wakes it again").isTrue();
        }
    }

    @Test
    void fireOnInitDecidesWhetherASignalFromBeforeOpeningCounts() throws Exception {
        ChannelAddress address = fixture().newEvent("init");
        try (Event sender = open(address, LATER_SIGNALS)) {
            sender.signal();
            try (Event firing = open(address, EventOptions.DEFAULTS); Event quiet = open(address, LATER_SIGNALS)) {
                assertThat(firing.await(WAIT)).isTrue();
                assertThat(quiet.await(Duration.ofMillis(300))).isFalse();
            }
        }
    }

    @Test
    void anEventNeverSignalledDoesNotFireOnInit() throws Exception {
        ChannelAddress address = fixture().newEvent("never");
        try (Event listener = open(address, EventOptions.DEFAULTS)) {
            assertThat(listener.await(Duration.ofMillis(300))).isFalse();
        }
    }

    @Test
    void cancelWaitEndsAWaitInProgress() throws Exception {
        ChannelAddress address = fixture().newEvent("cancel");
        try (Event listener = open(address, LATER_SIGNALS)) {
            ExecutorService thread = Executors.newSingleThreadExecutor();
            try {
                CountDownLatch waiting = new CountDownLatch(1);
                Future<Boolean> woke = thread.submit(() -> {
                    waiting.countDown();
                    return listener.await(Duration.ofMinutes(10));
                });
                waiting.await();
                WaitEnder.repeatUntilDone(listener::cancelWait, woke);
                assertThat(woke.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isFalse();
            } finally {
                thread.shutdownNow();
            }
        }
    }
}
