package io.ipsync.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipsync.BackOff;
import io.ipsync.DataEventOptions;
import io.ipsync.Event;
import io.ipsync.EventOptions;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonDataQueue;
import io.ipsync.JsonPayload;
import io.ipsync.MalformedJsonException;
import io.ipsync.MessageConversionException;
import io.ipsync.MessageMetadata;
import io.ipsync.QueueObserver;
import io.ipsync.QueueOptions;
import io.ipsync.QueueStats;
import io.ipsync.Settlement;
import io.ipsync.file.FileSettings;
import io.ipsync.testing.RawMessages;
import io.ipsync.testing.WaitingThreads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenerContainerTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    /** A poll interval no test lasts: nothing a test sees comes from the periodic re-check. */
    private static final FileSettings HOURLY_POLL = FileSettings.builder().pollInterval(Duration.ofHours(1)).build();

    /** The name of the thread the JDK starts for each watch service (inotify reader). */
    private static final String JDK_WATCH_SERVICE_THREAD = "FileSystemWatchService";

    @TempDir
    Path dir;

    private final ExecutorService background = Executors.newCachedThreadPool();

    /** Containers started by a test, stopped after it whatever happened. */
    private final List<ListenerContainer> containers = new ArrayList<>();

    @AfterEach
    void stopEverything() throws InterruptedException {
        containers.forEach(ListenerContainer::stop);
        background.shutdownNow();
        assertThat(background.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    private ListenerContainer started(ListenerContainer container) {
        containers.add(container);
        container.start();
        return container;
    }

    private static ContainerOptions.Builder options(String id) {
        return ContainerOptions.builder(id).pollTimeout(Duration.ofMillis(500));
    }

    @Test
    void queueContainerWithThreeThreadsHandlesEveryMessageOnce() throws Exception {
        int count = 300;
        Map<Integer, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        Set<String> threadNames = ConcurrentHashMap.newKeySet();
        CountDownLatch allThreadsBusy = new CountDownLatch(3);
        AtomicBoolean handledConcurrently = new AtomicBoolean(true);
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            queue.putAll(IntStream.range(0, count).boxed().toList());
            ListenerContainer container = started(ListenerContainers.forQueue(queue, message -> {
                threadNames.add(Thread.currentThread().getName());
                allThreadsBusy.countDown();
                if (!allThreadsBusy.await(30, TimeUnit.SECONDS)) {
                    handledConcurrently.set(false);
                }
                deliveries.computeIfAbsent(message.payload().as(Integer.class), k -> new AtomicInteger()).incrementAndGet();
            }, options("orders").concurrency(3).build()));

            assertThat(container.isRunning()).isTrue();
            assertThat(WaitingThreads.liveThreadNames("ipsync-orders-"))
                    .containsExactly("ipsync-orders-1", "ipsync-orders-2", "ipsync-orders-3");
            await().atMost(LONG).until(() -> deliveries.size() == count && queue.stats().inFlight() == 0);
            container.stop();

            assertThat(handledConcurrently).as("three messages were handled at the same time").isTrue();
            assertThat(threadNames).containsExactlyInAnyOrder("ipsync-orders-1", "ipsync-orders-2", "ipsync-orders-3");
            assertThat(deliveries.values()).allSatisfy(n -> assertThat(n).hasValue(1));
            assertThat(queue.stats()).isEqualTo(new QueueStats(0, null, 0, 0, 0));
        }
    }

    @Test
    void stopLetsHandlersInProgressFinishAndTakesNothingNew() throws Exception {
        CountDownLatch bothHandling = new CountDownLatch(2);
        CountDownLatch finish = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            List<String> names = queue.putAll(List.of(1, 2, 3, 4, 5, 6));
            ListenerContainer container = started(ListenerContainers.forQueue(queue, message -> {
                bothHandling.countDown();
                finish.await();
                handled.add(message.metadata().name());
            }, options("stopping").concurrency(2).build()));
            assertThat(bothHandling.await(30, TimeUnit.SECONDS)).isTrue();

            Future<?> stopping = background.submit(container::stop);
            await().atMost(LONG).until(() -> !container.isRunning());
            assertThat(stopping).as("stop waits for the handlers").isNotDone();
            finish.countDown();
            stopping.get(30, TimeUnit.SECONDS);

            assertThat(WaitingThreads.liveThreadNames("ipsync-stopping-")).isEmpty();
            assertThat(handled).as("the two messages in progress were finished")
                    .containsExactlyInAnyOrderElementsOf(names.subList(0, 2));
            assertThat(RawMessages.waiting(dir)).as("nothing taken after stop began")
                    .containsExactlyElementsOf(names.subList(2, 6));
            assertThat(queue.stats().inFlight()).isZero();

            queue.close(); // closing again at the end of the block does nothing
            assertThat(RawMessages.filesBelow(dir.resolve(".ipsync/claims"))).isEmpty();
            assertThat(RawMessages.waiting(dir)).containsExactlyElementsOf(names.subList(2, 6));
        }
    }

    /**
     * Spring calls stop() a second time when it destroys beans after its lifecycle gave up waiting
     * for the first, and then closes the queue: the second stop must not return while the handler
     * still runs, or the message in hand would be released under it.
     */
    @Test
    void aSecondStopWhileTheFirstWaitsReturnsOnlyAfterTheHandlerEnded() throws Exception {
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicBoolean handlerEnded = new AtomicBoolean();
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            queue.put("slow");
            ListenerContainer container = started(ListenerContainers.forQueue(queue, message -> {
                handling.countDown();
                finish.await();
                handlerEnded.set(true);
            }, options("twice").shutdownTimeout(LONG).build()));
            assertThat(handling.await(30, TimeUnit.SECONDS)).isTrue();
            Future<?> firstStop = background.submit(container::stop);
            await().atMost(LONG).until(() -> !container.isRunning());

            AtomicReference<Thread> secondStopper = new AtomicReference<>();
            Future<List<String>> secondStop = background.submit(() -> {
                secondStopper.set(Thread.currentThread());
                container.stop();
                return WaitingThreads.liveThreadNames("ipsync-twice-");
            });
            await("the second stop to return or to wait").atMost(LONG).until(() -> secondStop.isDone()
                    || (secondStopper.get() != null && WaitingThreads.isParkedIn(secondStopper.get(),
                            PollingListenerContainer.class.getName(), "awaitEnd")));
            assertThat(secondStop).as("the second stop waits for the handler too").isNotDone();
            assertThat(handlerEnded).isFalse();
            finish.countDown();

            assertThat(secondStop.get(30, TimeUnit.SECONDS)).as("listener threads alive when the second stop returned")
                    .isEmpty();
            assertThat(handlerEnded).isTrue();
            firstStop.get(30, TimeUnit.SECONDS);
            assertThat(queue.stats()).as("the message was acknowledged").isEqualTo(new QueueStats(0, null, 0, 0, 0));
        }
    }

    @Test
    void stopInterruptsAHandlerThatOutlastsTheShutdownTimeoutAndReleasesItsMessageUncounted() throws Exception {
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        BlockingQueue<ListenerFailure> failures = new LinkedBlockingQueue<>();
        QueueOptions noDelay = QueueOptions.builder().backOff(BackOff.none()).build();
        try (JsonDataQueue queue = JsonDataQueue.open(dir, noDelay)) {
            String name = queue.put("slow");
            ListenerContainer container = started(ListenerContainers.forQueue(queue, message -> {
                handling.countDown();
                never.await();
            }, options("slow").shutdownTimeout(Duration.ofMillis(100)).errorHandler(failures::add).build()));
            assertThat(handling.await(30, TimeUnit.SECONDS)).isTrue();

            background.submit(container::stop).get(30, TimeUnit.SECONDS);

            assertThat(WaitingThreads.liveThreadNames("ipsync-slow-")).isEmpty();
            ListenerFailure failure = failures.poll(30, TimeUnit.SECONDS);
            assertThat(failure).isNotNull();
            assertThat(failure.error()).isInstanceOf(InterruptedException.class);
            assertThat(failure.settlement()).as("a stop is not the message's failure").isEqualTo(Settlement.RELEASED);
            assertThat(RawMessages.waiting(dir)).as("back under its own name, its attempt not counted").containsExactly(name);
            assertThat(RawMessages.names(dir.resolve(".ipsync/retry"), "")).isEmpty();
        }
    }

    @Test
    void anErrorHandlerThatRethrowsDoesNotEndTheListener() throws Exception {
        BlockingQueue<String> handled = new LinkedBlockingQueue<>();
        QueueOptions noDelay = QueueOptions.builder().backOff(BackOff.none()).maxAttempts(1).build();
        try (JsonDataQueue queue = JsonDataQueue.open(dir, noDelay)) {
            queue.put("fails");
            ListenerContainer container = started(ListenerContainers.forQueue(queue, message -> {
                String text = message.payload().as(String.class);
                if (text.equals("fails")) {
                    throw new IllegalStateException("handler failed");
                }
                handled.add(text);
            }, options("rethrowing").errorHandler(failure -> {
                throw (RuntimeException) failure.error();
            }).build()));
            queue.put("works");
            assertThat(handled.poll(30, TimeUnit.SECONDS)).isEqualTo("works");
            assertThat(container.isRunning()).isTrue();
            container.stop();
        }
    }

    /** Takes the shutdown timeout plus the container's interrupt grace of five seconds. */
    @Test
    void stopReturnsEvenWhenAHandlerIgnoresInterrupts() throws Exception {
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            queue.put("stubborn");
            ListenerContainer container = started(ListenerContainers.forQueue(queue, message -> {
                handling.countDown();
                while (true) {
                    try {
                        if (release.await(30, TimeUnit.SECONDS)) {
                            return;
                        }
                    } catch (InterruptedException ignored) {
                        // this handler does not stop when asked
                    }
                }
            }, options("stubborn").shutdownTimeout(Duration.ZERO).build()));
            assertThat(handling.await(30, TimeUnit.SECONDS)).isTrue();

            background.submit(container::stop).get(30, TimeUnit.SECONDS);
            assertThat(container.isRunning()).isFalse();
            assertThat(WaitingThreads.liveThreadNames("ipsync-stubborn-"))
                    .as("abandoned, still running").containsExactly("ipsync-stubborn-1");

            release.countDown();
            await().atMost(LONG).until(() -> WaitingThreads.liveThreadNames("ipsync-stubborn-").isEmpty());
            assertThat(queue.stats().inFlight()).isZero();
        }
    }

    /** With a shutdown timeout of an hour, a stop that waited for its own thread would not return. */
    @Test
    void aListenerMayStopItsOwnContainer() throws Exception {
        AtomicReference<ListenerContainer> self = new AtomicReference<>();
        CountDownLatch stopReturned = new CountDownLatch(1);
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            ListenerContainer container = ListenerContainers.forQueue(queue, message -> {
                self.get().stop();
                stopReturned.countDown();
            }, options("self-stop").concurrency(2).shutdownTimeout(Duration.ofHours(1)).build());
            self.set(container);
            started(container);
            queue.put("stop now");

            assertThat(stopReturned.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(container.isRunning()).isFalse();
            await().atMost(LONG).until(() -> WaitingThreads.liveThreadNames("ipsync-self-stop-").isEmpty());
            assertThat(queue.stats()).as("the message was acknowledged").isEqualTo(new QueueStats(0, null, 0, 0, 0));
        }
    }

    /**
     * Review 7: two listeners of one container that both stop it (a "stop on poison" pattern with
     * concurrency 2). Before the second-stop change, the second stop returned at once and both
     * handlers returned, their messages acknowledged. Now each stop waits for the other listener's
     * thread, so the two wait for each other for the whole shutdown timeout; then the first stop
     * interrupts both threads (its own too), and both messages are released instead of acknowledged.
     */
    @Test
    void twoListenersThatBothStopTheirContainerDoNotWaitForEachOther() throws Exception {
        CountDownLatch bothHandling = new CountDownLatch(2);
        AtomicReference<ListenerContainer> self = new AtomicReference<>();
        BlockingQueue<Boolean> interruptedAfterStop = new LinkedBlockingQueue<>();
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            queue.put("one");
            queue.put("two");
            ListenerContainer container = ListenerContainers.forQueue(queue, message -> {
                bothHandling.countDown();
                bothHandling.await(30, TimeUnit.SECONDS);
                self.get().stop();
                interruptedAfterStop.add(Thread.currentThread().isInterrupted());
            }, options("mutual-stop").concurrency(2).shutdownTimeout(Duration.ofSeconds(10)).build());
            self.set(container);
            started(container);

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> WaitingThreads.liveThreadNames("ipsync-mutual-stop-").isEmpty());
            assertThat(interruptedAfterStop).as("neither listener's stop interrupted it").containsExactly(false, false);
            assertThat(queue.stats()).as("both messages were acknowledged").isEqualTo(new QueueStats(0, null, 0, 0, 0));
        }
    }

    @Test
    void pausedContainerTakesNothingUntilResumed() throws Exception {
        BlockingQueue<Integer> handled = new LinkedBlockingQueue<>();
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            ListenerContainer container = started(ListenerContainers.forQueue(queue,
                    message -> handled.add(message.payload().as(Integer.class)),
                    options("pausing").pollTimeout(Duration.ofMillis(100)).build()));
            queue.put(1);
            assertThat(handled.poll(30, TimeUnit.SECONDS)).isEqualTo(1);

            container.pause();
            assertThat(container.isPaused()).isTrue();
            assertThat(container.isRunning()).isTrue();
            Thread listener = WaitingThreads.liveThreadsNamed("ipsync-pausing-1").get(0);
            WaitingThreads.awaitParkedIn(listener, PollingListenerContainer.class.getName(), "awaitResumed");
            String waiting = queue.put(2);
            await().during(Duration.ofMillis(300)).atMost(LONG)
                    .until(() -> handled.isEmpty() && RawMessages.waiting(dir).contains(waiting));

            container.resume();
            assertThat(container.isPaused()).isFalse();
            assertThat(handled.poll(30, TimeUnit.SECONDS)).isEqualTo(2);
        }
    }

    /**
     * A change made through a hard link in another directory raises no notification, and the
     * listener polls only every hour: the listener thread notices the signal exactly when
     * {@code pause()} wakes it. That signal must not be lost: it is handed over after resume.
     */
    @Test
    void aSignalNoticedWhilePausingIsDeliveredAfterResume() throws Exception {
        Path file = Files.createFile(Files.createDirectory(dir.resolve("watched")).resolve("e"));
        Path link = Files.createLink(Files.createDirectory(dir.resolve("elsewhere")).resolve("e"), file);
        BlockingQueue<String> calls = new LinkedBlockingQueue<>();
        try (Event listening = Event.open(file, EventOptions.builder().fireOnInit(false).build(), HOURLY_POLL)) {
            ListenerContainer container = started(ListenerContainers.forEvent(listening, () -> calls.add("signal"),
                    options("pause-event").pollTimeout(LONG).build()));
            Thread listener = WaitingThreads.liveThreadsNamed("ipsync-pause-event-1").get(0);
            WaitingThreads.awaitWaitingForChange(listener);

            Files.setLastModifiedTime(link, FileTime.from(Instant.parse("2021-01-01T00:00:00Z")));
            container.pause();
            WaitingThreads.awaitParkedIn(listener, PollingListenerContainer.class.getName(), "awaitResumed");
            assertThat(calls).as("nothing handed over while paused").isEmpty();

            container.resume();
            assertThat(calls.poll(30, TimeUnit.SECONDS)).isEqualTo("signal");
        }
    }

    /** As {@link #aSignalNoticedWhilePausingIsDeliveredAfterResume()}, for a data event's value. */
    @Test
    void aValueNoticedWhilePausingIsDeliveredAfterResume() throws Exception {
        Path file = Files.writeString(Files.createDirectory(dir.resolve("watched")).resolve("v.json"), "1");
        Path link = Files.createLink(Files.createDirectory(dir.resolve("elsewhere")).resolve("v.json"), file);
        BlockingQueue<JsonPayload> values = new LinkedBlockingQueue<>();
        try (JsonDataEvent listening = JsonDataEvent.open(file, DataEventOptions.builder().fireOnInit(false).build(),
                HOURLY_POLL)) {
            ListenerContainer container = started(ListenerContainers.forDataEvent(listening, values::add,
                    options("pause-value").pollTimeout(LONG).build()));
            Thread listener = WaitingThreads.liveThreadsNamed("ipsync-pause-value-1").get(0);
            WaitingThreads.awaitWaitingForChange(listener);

            Files.writeString(link, "22");
            container.pause();
            WaitingThreads.awaitParkedIn(listener, PollingListenerContainer.class.getName(), "awaitResumed");
            assertThat(values).as("nothing handed over while paused").isEmpty();

            container.resume();
            assertThat(values.poll(30, TimeUnit.SECONDS).as(Integer.class)).isEqualTo(22);
        }
    }

    /** A signal taken by a thread as the container stops is handed over when it is started again. */
    @Test
    void aSignalNoticedWhileStoppingIsDeliveredWhenStartedAgain() throws Exception {
        Path file = Files.createFile(Files.createDirectory(dir.resolve("watched")).resolve("e"));
        Path link = Files.createLink(Files.createDirectory(dir.resolve("elsewhere")).resolve("e"), file);
        BlockingQueue<String> calls = new LinkedBlockingQueue<>();
        try (Event listening = Event.open(file, EventOptions.builder().fireOnInit(false).build(), HOURLY_POLL)) {
            ListenerContainer container = started(ListenerContainers.forEvent(listening, () -> calls.add("signal"),
                    options("restart-event").pollTimeout(LONG).build()));
            WaitingThreads.awaitWaitingForChange(WaitingThreads.liveThreadsNamed("ipsync-restart-event-1").get(0));

            Files.setLastModifiedTime(link, FileTime.from(Instant.parse("2021-01-01T00:00:00Z")));
            container.stop();
            assertThat(calls).isEmpty();

            container.start();
            assertThat(calls.poll(30, TimeUnit.SECONDS)).isEqualTo("signal");
        }
    }

    @Test
    void errorHandlerHearsOfEveryFailureWithItsSettlement() throws Exception {
        BlockingQueue<ListenerFailure> failures = new LinkedBlockingQueue<>();
        QueueOptions options = QueueOptions.builder().maxAttempts(2).backOff(BackOff.none()).build();
        try (JsonDataQueue queue = JsonDataQueue.open(dir, options)) {
            String failing = queue.put("fail");
            String unconvertible = queue.put(Map.of("not", "a number"));
            started(ListenerContainers.forQueue(queue, message -> {
                if ("fail".equals(message.payload().asNode().asString(""))) {
                    throw new IllegalStateException("cannot handle " + message.metadata().attempt());
                }
                message.payload().as(Integer.class);
            }, options("failing").errorHandler(failures::add).build()));

            List<ListenerFailure> seen = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ListenerFailure failure = failures.poll(30, TimeUnit.SECONDS);
                assertThat(failure).as("failure %d", i + 1).isNotNull();
                seen.add(failure);
            }
            assertThat(seen).allSatisfy(failure -> {
                assertThat(failure.containerId()).isEqualTo("failing");
                assertThat(failure.channel()).isEqualTo(queue.location());
            });
            assertThat(seen).filteredOn(f -> f.message().name().equals(failing))
                    .extracting(f -> f.message().attempt() + " " + f.settlement() + " " + f.error().getMessage())
                    .containsExactly("1 RETRY_SCHEDULED cannot handle 1", "2 DEAD_LETTERED cannot handle 2");
            assertThat(seen).filteredOn(f -> f.message().name().equals(unconvertible)).singleElement().satisfies(f -> {
                assertThat(f.error()).isInstanceOf(MessageConversionException.class);
                assertThat(f.settlement()).isEqualTo(Settlement.DEAD_LETTERED);
                assertThat(f.message().attempt()).isEqualTo(1);
            });
            await().atMost(LONG).until(() -> queue.stats().deadLetters() == 2);
        }
    }

    /**
     * The handler fails on the last attempt while the dead letter cannot be stored: the error
     * handler hears of it, the message stays claimed, the container goes on with the others, and
     * the dead letter is stored once it can be, without a restart; the failure counts once.
     */
    @Test
    void aFailureThatCannotBeDeadLetteredIsSetAsideOnceItCanBeAndTheContainerGoesOn() throws Exception {
        BlockingQueue<ListenerFailure> failures = new LinkedBlockingQueue<>();
        BlockingQueue<String> handled = new LinkedBlockingQueue<>();
        AtomicInteger failuresObserved = new AtomicInteger();
        QueueOptions options = QueueOptions.builder().maxAttempts(1).observer(new QueueObserver() {
            @Override
            public void failed(MessageMetadata message, Throwable cause) {
                failuresObserved.incrementAndGet();
            }
        }).build();
        try (JsonDataQueue queue = JsonDataQueue.open(dir, options)) {
            started(ListenerContainers.forQueue(queue, message -> {
                String value = message.payload().as(String.class);
                if (value.equals("poison")) {
                    throw new IllegalStateException("cannot handle " + value);
                }
                handled.add(value);
            }, options("setting-aside").errorHandler(failures::add).build()));
            queue.put("first");
            assertThat(handled.poll(30, TimeUnit.SECONDS)).isEqualTo("first");
            Path deadLetters = dir.resolve(".ipsync/dead");
            Files.delete(deadLetters);
            Files.writeString(deadLetters, "in the way");

            String poison = queue.put("poison");
            ListenerFailure failure = failures.poll(30, TimeUnit.SECONDS);
            assertThat(failure).isNotNull();
            assertThat(failure.message().name()).isEqualTo(poison);
            assertThat(failure.settlement()).as("not settled yet").isEqualTo(Settlement.PENDING);
            queue.put("second");
            assertThat(handled.poll(30, TimeUnit.SECONDS)).as("the container goes on").isEqualTo("second");
            await("only the poison message kept claimed, once the second is acknowledged").atMost(LONG)
                    .until(() -> RawMessages.filesBelow(dir.resolve(".ipsync/claims")),
                            claimed -> claimed.size() == 1 && claimed.get(0).endsWith(poison));

            Files.delete(deadLetters);
            await("the dead letter stored before a later take").atMost(LONG)
                    .until(() -> Files.exists(dir.resolve(".ipsync/dead/" + poison)));
            assertThat(RawMessages.filesBelow(dir.resolve(".ipsync/claims"))).isEmpty();
            assertThat(failuresObserved).as("the failure counts once, however often its dead letter was tried").hasValue(1);
        }
    }

    @Test
    void aFailingErrorHandlerDoesNotEndTheListener() throws Exception {
        BlockingQueue<String> handled = new LinkedBlockingQueue<>();
        QueueOptions options = QueueOptions.builder().maxAttempts(1).build();
        try (JsonDataQueue queue = JsonDataQueue.open(dir, options)) {
            started(ListenerContainers.forQueue(queue, message -> {
                String value = message.payload().as(String.class);
                if (value.equals("bad")) {
                    throw new IllegalStateException("bad");
                }
                handled.add(value);
            }, options("fragile").errorHandler(failure -> {
                throw new IllegalStateException("error handler broke");
            }).build()));
            queue.putAll(List.of("bad", "good"));
            assertThat(handled.poll(30, TimeUnit.SECONDS)).isEqualTo("good");
        }
    }

    @Test
    void eventContainerCallsItsListenerOncePerWakeUp() throws Exception {
        Path file = dir.resolve("reload.event");
        BlockingQueue<String> calls = new LinkedBlockingQueue<>();
        EventOptions onlyLater = EventOptions.builder().fireOnInit(false).build();
        try (Event listening = Event.open(file, onlyLater); Event sender = Event.open(file)) {
            started(ListenerContainers.forEvent(listening, () -> calls.add(Thread.currentThread().getName()),
                    options("reload").build()));
            sender.signal();
            assertThat(calls.poll(30, TimeUnit.SECONDS)).isEqualTo("ipsync-reload-1");
            sender.signal();
            assertThat(calls.poll(30, TimeUnit.SECONDS)).isEqualTo("ipsync-reload-1");
        }
    }

    @Test
    void eventListenerFailureGoesToTheErrorHandlerAndTheListenerGoesOn() throws Exception {
        Path file = dir.resolve("e");
        BlockingQueue<ListenerFailure> failures = new LinkedBlockingQueue<>();
        AtomicInteger calls = new AtomicInteger();
        try (Event listening = Event.open(file, EventOptions.builder().fireOnInit(false).build());
                Event sender = Event.open(file)) {
            started(ListenerContainers.forEvent(listening, () -> {
                throw new IllegalStateException("call " + calls.incrementAndGet());
            }, options("failing-event").errorHandler(failures::add).build()));
            sender.signal();
            ListenerFailure failure = failures.poll(30, TimeUnit.SECONDS);
            assertThat(failure).isNotNull();
            assertThat(failure.error()).hasMessage("call 1");
            assertThat(failure.channel()).isEqualTo(file.toString());
            assertThat(failure.message()).isNull();
            assertThat(failure.settlement()).isNull();
            sender.signal();
            assertThat(failures.poll(30, TimeUnit.SECONDS)).isNotNull().extracting(ListenerFailure::error)
                    .satisfies(error -> assertThat((Throwable) error).hasMessage("call 2"));
        }
    }

    @Test
    void dataEventContainerCallsItsListenerWithEachNewValue() throws Exception {
        Path file = dir.resolve("settings.json");
        BlockingQueue<JsonPayload> values = new LinkedBlockingQueue<>();
        try (JsonDataEvent listening = JsonDataEvent.open(file); JsonDataEvent publisher = JsonDataEvent.open(file)) {
            started(ListenerContainers.forDataEvent(listening, values::add, options("settings").build()));
            publisher.signal(Map.of("currency", "EUR"));
            assertThat(values.poll(30, TimeUnit.SECONDS).asNode().get("currency").asString()).isEqualTo("EUR");
            publisher.signal(null);
            assertThat(values.poll(30, TimeUnit.SECONDS).isNull()).isTrue();
        }
    }

    @Test
    void aMalformedDataEventValueGoesToTheErrorHandlerAndTheNextValueIsDelivered() throws Exception {
        Path file = dir.resolve("settings.json");
        BlockingQueue<JsonPayload> values = new LinkedBlockingQueue<>();
        BlockingQueue<ListenerFailure> failures = new LinkedBlockingQueue<>();
        try (JsonDataEvent listening = JsonDataEvent.open(file); JsonDataEvent publisher = JsonDataEvent.open(file)) {
            started(ListenerContainers.forDataEvent(listening, values::add, options("settings")
                    .recoveryInterval(Duration.ofMillis(50)).errorHandler(failures::add).build()));
            Path temp = dir.resolve("tmp_settings.json.tmp");
            Files.writeString(temp, "{\"currency\": ");
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            ListenerFailure failure = failures.poll(30, TimeUnit.SECONDS);
            assertThat(failure).isNotNull();
            assertThat(failure.error()).isInstanceOf(MalformedJsonException.class).hasMessageContaining(file.toString());

            publisher.signal("EUR");
            assertThat(values.poll(30, TimeUnit.SECONDS).as(String.class)).isEqualTo("EUR");
        }
    }

    @Test
    void aStoppedContainerCanBeStartedAgain() throws Exception {
        BlockingQueue<Integer> handled = new LinkedBlockingQueue<>();
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            ListenerContainer container = started(ListenerContainers.forQueue(queue,
                    message -> handled.add(message.payload().as(Integer.class)), options("again").build()));
            queue.put(1);
            assertThat(handled.poll(30, TimeUnit.SECONDS)).isEqualTo(1);
            container.stop();
            container.stop();
            assertThat(container.isRunning()).isFalse();
            queue.put(2);
            container.start();
            container.start();
            assertThat(WaitingThreads.liveThreadNames("ipsync-again-")).containsExactly("ipsync-again-1");
            assertThat(handled.poll(30, TimeUnit.SECONDS)).isEqualTo(2);
        }
    }

    @Test
    void noIpsyncThreadRemainsAfterContainersAreStoppedAndChannelsClosed() throws Exception {
        List<Thread> watchServicesBefore = WaitingThreads.liveThreadsNamed(JDK_WATCH_SERVICE_THREAD);
        BlockingQueue<String> calls = new LinkedBlockingQueue<>();
        JsonDataQueue queue = JsonDataQueue.open(dir.resolve("queue"));
        Event event = Event.open(dir.resolve("e"));
        JsonDataEvent dataEvent = JsonDataEvent.open(dir.resolve("v.json"));
        ListenerContainer queueContainer = started(ListenerContainers.forQueue(queue, m -> calls.add("queue"),
                options("threads-queue").concurrency(2).build()));
        ListenerContainer eventContainer = started(ListenerContainers.forEvent(event, () -> calls.add("event"),
                options("threads-event").build()));
        ListenerContainer dataContainer = started(ListenerContainers.forDataEvent(dataEvent, v -> calls.add("data"),
                options("threads-data").build()));
        queue.put(1);
        event.signal();
        dataEvent.signal(1);
        Set<String> kinds = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 3; i++) {
            kinds.add(calls.poll(30, TimeUnit.SECONDS));
        }
        assertThat(kinds).containsExactlyInAnyOrder("queue", "event", "data");
        assertThat(WaitingThreads.liveThreadNames("ipsync-")).containsExactlyInAnyOrder("ipsync-threads-queue-1",
                "ipsync-threads-queue-2", "ipsync-threads-event-1", "ipsync-threads-data-1");
        List<Thread> watchers = new ArrayList<>(WaitingThreads.liveThreadsNamed(JDK_WATCH_SERVICE_THREAD));
        watchers.removeAll(watchServicesBefore);
        assertThat(watchers).as("the JDK's thread of the shared watch service, started for these channels").hasSize(1);

        queueContainer.stop();
        eventContainer.stop();
        dataContainer.stop();
        queue.close();
        event.close();
        dataEvent.close();

        assertThat(WaitingThreads.liveThreadNames("ipsync-threads-")).isEmpty();
        await("the watch service's thread to end with the last registration").atMost(LONG)
                .until(() -> watchers.stream().noneMatch(Thread::isAlive));
        assertThat(WaitingThreads.liveThreadNames("ipsync-")).isEmpty();
    }

    @Test
    void optionsRefuseWhatCannotWork() throws Exception {
        assertThatThrownBy(() -> ContainerOptions.builder(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContainerOptions.builder("x").concurrency(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concurrency");
        assertThatThrownBy(() -> ContainerOptions.builder("x").pollTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pollTimeout");
        assertThatThrownBy(() -> ContainerOptions.builder("x").shutdownTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shutdownTimeout");
        try (JsonDataEvent settings = JsonDataEvent.open(dir.resolve("settings.json"))) {
            assertThatThrownBy(() -> ListenerContainers.forDataEvent(settings, value -> { },
                    ContainerOptions.builder("settings").concurrency(2).build()))
                    .as("values handled side by side could leave the listener with an older one")
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("settings").hasMessageContaining("concurrency 2").hasMessageContaining("one thread");
        }
        ContainerOptions defaults = ContainerOptions.builder("x").build();
        assertThat(defaults.concurrency()).isEqualTo(ContainerOptions.DEFAULT_CONCURRENCY);
        assertThat(defaults.shutdownTimeout()).isEqualTo(ContainerOptions.DEFAULT_SHUTDOWN_TIMEOUT);
        assertThat(defaults.errorHandler()).isSameAs(ListenerErrorHandler.LOGGING);
        assertThat(defaults.threadFactory()).isSameAs(ContainerOptions.DEFAULT_THREAD_FACTORY);
        assertThatThrownBy(() -> ContainerOptions.builder("x").threadFactory(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("threadFactory");
    }

    @Test
    void listenerThreadsComeFromTheThreadFactoryAndAreNamedByTheContainer() throws Exception {
        List<Thread> made = new CopyOnWriteArrayList<>();
        BlockingQueue<Thread> handledOn = new LinkedBlockingQueue<>();
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            ListenerContainer container = started(ListenerContainers.forQueue(queue,
                    message -> handledOn.add(Thread.currentThread()),
                    options("made").concurrency(2).threadFactory(task -> {
                        Thread thread = new Thread(task, "named-by-the-factory");
                        made.add(thread);
                        return thread;
                    }).build()));
            queue.put(1);

            Thread handler = handledOn.poll(30, TimeUnit.SECONDS);
            assertThat(made).hasSize(2).contains(handler);
            assertThat(made).extracting(Thread::getName).containsExactlyInAnyOrder("ipsync-made-1", "ipsync-made-2");
            container.stop();
            assertThat(made).noneMatch(Thread::isAlive);
        }
    }

    @Test
    void aFailingThreadFactoryLeavesTheContainerStoppedWithNoThreadRunning() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            ListenerContainer container = ListenerContainers.forQueue(queue, message -> { },
                    options("unmade").concurrency(2).threadFactory(task -> {
                        if (calls.incrementAndGet() == 2) {
                            throw new IllegalStateException("no more threads");
                        }
                        return new Thread(task);
                    }).build());

            assertThatThrownBy(container::start).hasMessage("no more threads");
            assertThat(container.isRunning()).isFalse();
            assertThat(WaitingThreads.liveThreadNames("ipsync-unmade-")).isEmpty();

            ListenerContainer nullFactory = ListenerContainers.forQueue(queue, message -> { },
                    options("null").threadFactory(task -> null).build());
            assertThatThrownBy(nullFactory::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("null").hasMessageContaining("returned no thread for ipsync-null-1");
            assertThat(nullFactory.isRunning()).isFalse();
        }
    }
}
