package io.ipsync.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.DataEventOptions;
import io.ipsync.Event;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonPayload;
import io.ipsync.process.DataEventPublisherMain.Reading;
import io.ipsync.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events and data events signalled in one JVM and seen in others. */
class EventAcrossProcessesTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void oneSignalWakesEveryListenerProcessOnce() throws Exception {
        Path file = dir.resolve("reload.event");
        List<ChildJvm> listeners = new ArrayList<>();
        try (Event event = Event.open(file)) {
            for (int i = 1; i <= 3; i++) {
                listeners.add(ChildJvm.start("listener-" + i, EventListenerMain.class, file.toString()));
            }
            for (ChildJvm listener : listeners) {
                listener.awaitLineStartingWith("ready ", LONG);
            }

            event.signal();

            for (ChildJvm listener : listeners) {
                assertThat(listener.awaitLineStartingWith("woke ", LONG)).isEqualTo("woke 1 " + listener.pid());
            }
            for (ChildJvm listener : listeners) {
                listener.send("stop");
                listener.awaitSuccess(LONG);
                assertThat(listener.linesStartingWith("woke ")).as("wake-ups of " + listener.name()).hasSize(1);
            }
            assertThat(entries(dir)).as("files beside the event").containsExactly("reload.event");
        } finally {
            listeners.forEach(ChildJvm::close);
        }
    }

    @Test
    void twoSignalsMomentsApartAreBothSeenByAListenerProcessThatWokeBetweenThem() throws Exception {
        Path file = dir.resolve("tick.event");
        int rounds = 50;
        try (Event event = Event.open(file);
             ChildJvm listener = ChildJvm.start("listener", EventListenerMain.class, file.toString(),
                     "--stopAfterWakeUps=" + rounds)) {
            listener.awaitLineStartingWith("ready ", LONG);
            long start = System.nanoTime();
            for (int round = 1; round <= rounds; round++) {
                event.signal();
                // Signal again as soon as the listener reports the wake-up: usually within a
                // millisecond or two, well inside one tick of a coarse file-system clock.
                assertThat(listener.awaitLineStartingWith("woke ", LONG)).isEqualTo("woke " + round + " " + listener.pid());
            }
            long roundTripMicros = (System.nanoTime() - start) / 1_000 / rounds;
            listener.awaitSuccess(LONG);
            assertThat(listener.linesStartingWith("woke ")).hasSize(rounds);
            assertThat(entries(dir)).as("files beside the event").containsExactly("tick.event");
            System.out.printf("Signal to reported wake-up in another process: %d us on average over %d rounds%n",
                    roundTripMicros, rounds);
        }
    }

    @Test
    void valuesPublishedByAnotherProcessArriveNewestLastAndTheLatestIsTheLastPublished() throws Exception {
        Path file = dir.resolve("readings.json");
        int count = 500;
        try (JsonDataEvent event = JsonDataEvent.open(file, DataEventOptions.builder().fireOnInit(false).build());
             ChildJvm publisher = ChildJvm.start("publisher", DataEventPublisherMain.class, file.toString(),
                     String.valueOf(count))) {
            List<Long> seen = new ArrayList<>();
            long deadline = System.nanoTime() + LONG.toNanos();
            while (seen.isEmpty() || seen.get(seen.size() - 1) < count) {
                Optional<JsonPayload> value = event.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                assertThat(value).as("a value within %s; seen so far: %s", LONG, seen).isPresent();
                Reading reading = value.get().as(Reading.class);
                assertThat(reading.publisherPid()).isEqualTo(publisher.pid());
                assertThat(reading.text()).isEqualTo("reading " + reading.sequence() + " of " + count);
                seen.add(reading.sequence());
            }
            publisher.awaitSuccess(LONG);

            assertThat(seen).as("sequence numbers seen, latest value wins").isSorted().doesNotHaveDuplicates();
            assertThat(event.latest().orElseThrow().as(Reading.class).sequence()).isEqualTo(count);
            assertThat(entries(dir)).as("files beside the data event").containsExactly("readings.json");
            System.out.printf("Saw %d of %d values published by another process%n", seen.size(), count);
        }
    }

    private static List<String> entries(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(path -> path.getFileName().toString()).toList();
        }
    }
}
