package io.ipsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipsync.ChannelAddress;
import io.ipsync.DataEventOptions;
import io.ipsync.Event;
import io.ipsync.EventOptions;
import io.ipsync.IpsyncException;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonPayload;
import io.ipsync.redis.test.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Event} and {@link JsonDataEvent} on a Redis server, through the public API. */
class RedisEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private final List<AutoCloseable> opened = new ArrayList<>();

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void close() throws Exception {
        executor.shutdownNow();
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    @Test
    void everyListenerWakesForEverySignal() throws Exception {
        ChannelAddress address = redis.address(QueueFixture.uniqueName("broadcast"));
        Event first = event(address, EventOptions.DEFAULTS);
        Event second = event(address, EventOptions.DEFAULTS);
        Event signaller = event(address, EventOptions.DEFAULTS);
        CountDownLatch waiting = new CountDownLatch(2);
        Future<Boolean> firstWoke = executor.submit(() -> {
            waiting.countDown();
            return first.await(WAIT);
        });
        Future<Boolean> secondWoke = executor.submit(() -> {
            waiting.countDown();
            return second.await(WAIT);
        });
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();

        signaller.signal();

        assertThat(firstWoke.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(secondWoke.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(redis.commands().xlen("{ipsync:" + address.location() + "}:event")).isEqualTo(1);
    }

    @Test
    void signalsMadeWhileAListenerWasBusyCoalesceIntoOneWakeUp() throws Exception {
        ChannelAddress address = redis.address(QueueFixture.uniqueName("coalesce"));
        Event listener = event(address, EventOptions.builder().fireOnInit(false).build());
        Event signaller = event(address, EventOptions.DEFAULTS);

        signaller.signal();
        signaller.signal();
        signaller.signal();

        assertThat(listener.await(WAIT)).isTrue();
        assertThat(listener.await(Duration.ofMillis(200))).isFalse();
        signaller.signal();
        assertThat(listener.await(WAIT)).isTrue();
    }

    @Test
    void fireOnInitTellsWhetherASignalBeforeOpeningCounts() throws Exception {
        ChannelAddress address = redis.address(QueueFixture.uniqueName("init"));
        event(address, EventOptions.DEFAULTS).signal();

        assertThat(event(address, EventOptions.DEFAULTS).await(WAIT)).isTrue();
        assertThat(event(address, EventOptions.builder().fireOnInit(false).build()).await(Duration.ofMillis(200))).isFalse();
    }

    @Test
    void cancellingAWaitEndsItPromptly() throws Exception {
        Event listener = event(redis.address(QueueFixture.uniqueName("cancel")), EventOptions.DEFAULTS);
        CountDownLatch waiting = new CountDownLatch(1);
        Future<Boolean> woke = executor.submit(() -> {
            waiting.countDown();
            return listener.await(Duration.ofSeconds(60));
        });
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();

        await().atMost(WAIT).until(() -> {
            listener.cancelWait();
            return woke.isDone();
        });
        assertThat(woke.get()).isFalse();
    }

    @Test
    void anInterruptEndsAWait() throws Exception {
        Event listener = event(redis.address(QueueFixture.uniqueName("interrupt")), EventOptions.DEFAULTS);
        List<Object> outcome = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread waiter = new Thread(() -> {
            try {
                outcome.add(listener.await(Duration.ofSeconds(60)));
            } catch (InterruptedException e) {
                outcome.add(e);
            }
        }, "interrupted-listener");
        waiter.start();
        await().atMost(WAIT).until(() -> waiter.getState() == Thread.State.TIMED_WAITING
                || waiter.getState() == Thread.State.WAITING);

        waiter.interrupt();
        waiter.join(WAIT.toMillis());

        assertThat(outcome).singleElement().isInstanceOf(InterruptedException.class);
    }

    @Test
    void aDataEventGivesTheLatestValueAndWakesListenersWithTheNewestOne() throws Exception {
        ChannelAddress address = redis.address(QueueFixture.uniqueName("settings"));
        JsonDataEvent publisher = dataEvent(address, DataEventOptions.DEFAULTS);
        JsonDataEvent listener = dataEvent(address, DataEventOptions.builder().fireOnInit(false).build());
        assertThat(publisher.latest()).isEmpty();

        publisher.signal(new Settings("EUR", 1));
        assertThat(publisher.latest().map(payload -> payload.as(Settings.class))).contains(new Settings("EUR", 1));
        publisher.signal(new Settings("EUR", 2));
        publisher.signal(new Settings("USD", 3));

        assertThat(listener.await(Settings.class)).isEqualTo(new Settings("USD", 3));
        assertThat(listener.await(Duration.ofMillis(200))).isEmpty();

        Future<Settings> next = executor.submit(() -> listener.await(Settings.class));
        publisher.signal(null);
        publisher.signal(new Settings("CHF", 4));
        assertThat(next.get(10, TimeUnit.SECONDS)).isIn(null, new Settings("CHF", 4));
    }

    @Test
    void aValueLargerThanTheMaximumFailsOnceAndTheNextWaitWaitsForTheNextValue() throws Exception {
        ChannelAddress address = redis.address(QueueFixture.uniqueName("large"));
        JsonDataEvent publisher = dataEvent(address, DataEventOptions.DEFAULTS);
        JsonDataEvent listener = dataEvent(address, DataEventOptions.builder().maxValueSize(100).build());

        publisher.signal("x".repeat(500));

        assertThatThrownBy(() -> listener.await(WAIT)).isInstanceOf(IpsyncException.class)
                .hasMessageContaining("more than the maximum of 100");
        Future<Optional<JsonPayload>> next = executor.submit(() -> listener.await(WAIT));
        publisher.signal("small");
        assertThat(next.get(10, TimeUnit.SECONDS).map(payload -> payload.as(String.class))).contains("small");
    }

    record Settings(String currency, int version) {
    }

    private Event event(ChannelAddress address, EventOptions options) {
        Event event = Event.open(address, options);
        opened.add(event);
        return event;
    }

    private JsonDataEvent dataEvent(ChannelAddress address, DataEventOptions options) {
        JsonDataEvent event = JsonDataEvent.open(address, options);
        opened.add(event);
        return event;
    }
}
