package io.ipsync;

import static io.ipsync.testing.WaitingThreads.startWaiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipsync.testing.StandardErrorCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

class JsonDataEventTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private static final Duration NOTHING_PENDING = Duration.ofMillis(200);

    private static final DataEventOptions ONLY_LATER_VALUES = DataEventOptions.builder().fireOnInit(false).build();

    record Price(String sku, long cents) {
    }

    @TempDir
    Path dir;

    private final ExecutorService background = Executors.newCachedThreadPool();

    @AfterEach
    void stopBackground() throws InterruptedException {
        background.shutdownNow();
        assertThat(background.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void nullIsStoredAsAnEmptyFileAndReadBackAsNull() throws Exception {
        Path file = dir.resolve("value.json");
        try (JsonDataEvent event = JsonDataEvent.open(file)) {
            event.signal(null);
            assertThat(Files.size(file)).isZero();

            JsonPayload payload = event.await(LONG).orElseThrow();
            assertThat(payload.isNull()).isTrue();
            assertThat(payload.text()).isEmpty();
            assertThat(payload.asNode().isNull()).isTrue();
            assertThat((Object) payload.as(Price.class)).isNull();

            event.signal(null);
            assertThat((Object) event.await(Price.class)).isNull();
        }
    }

    @Test
    void valueIsConvertedToTheTypeAskedFor() throws Exception {
        try (JsonDataEvent event = JsonDataEvent.open(dir.resolve("price.json"))) {
            event.signal(new Price("A-1", 250));
            assertThat(event.await(Price.class)).isEqualTo(new Price("A-1", 250));

            event.signal(List.of(new Price("A-1", 250), new Price("B-2", 99)));
            assertThat(event.await(new TypeReference<List<Price>>() {}))
                    .containsExactly(new Price("A-1", 250), new Price("B-2", 99));

            event.signal(Map.of("sku", "C-3"));
            JsonPayload payload = event.await(LONG).orElseThrow();
            JsonNode node = payload.asNode();
            assertThat(node.get("sku").asString()).isEqualTo("C-3");
            assertThat(payload.text()).isEqualTo("{\"sku\":\"C-3\"}");
            assertThat(payload.isNull()).isFalse();
        }
    }

    @Test
    void aValueThatDoesNotFitTheTypeNamesTheFileAndTheType() throws Exception {
        Path file = dir.resolve("price.json");
        try (JsonDataEvent event = JsonDataEvent.open(file)) {
            event.signal("not a price");
            assertThatThrownBy(() -> event.await(Price.class))
                    .isInstanceOf(MessageConversionException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("Price");
        }
    }

    @Test
    void latestValueWins() throws Exception {
        Path file = dir.resolve("v.json");
        try (JsonDataEvent publisher = JsonDataEvent.open(file); JsonDataEvent listener = JsonDataEvent.open(file)) {
            for (int i = 1; i <= 5; i++) {
                publisher.signal(i);
            }
            assertThat(listener.await(Integer.class)).isEqualTo(5);
            assertThat(listener.await(NOTHING_PENDING)).as("the values replaced before the look are never seen").isEmpty();
        }
    }

    /**
     * The kernel moves a file's status-change time (ctime) when it deletes the file or replaces it
     * by a rename, a moment before the name leads to the next file: a look in that moment finds
     * the value already reported, in the same file, with a new ctime. Played here without a
     * replace, by adding and removing a second name for the file as a delete does: the look must
     * not report the value again.
     */
    @Test
    void aValueIsReportedOnceThoughItsFileChangesStatusAsItIsReplaced() throws Exception {
        Path file = dir.resolve("v.json");
        try (JsonDataEvent listener = JsonDataEvent.open(file, ONLY_LATER_VALUES);
                JsonDataEvent publisher = JsonDataEvent.open(file, ONLY_LATER_VALUES)) {
            publisher.signal(1);
            assertThat(listener.await(LONG).orElseThrow().as(Integer.class)).isEqualTo(1);

            moveStatusChangeTime(file);
            assertThat(listener.await(Duration.ZERO)).as("a look while the reported value's file changes status").isEmpty();

            publisher.signal(2);
            assertThat(listener.await(LONG).orElseThrow().as(Integer.class)).isEqualTo(2);
        }
    }

    @Test
    void latestReadsWithoutCountingAsSeen() throws Exception {
        try (JsonDataEvent event = JsonDataEvent.open(dir.resolve("v.json"))) {
            assertThat(event.latest()).as("nothing published yet").isEmpty();
            event.signal("x");
            assertThat(event.latest().orElseThrow().as(String.class)).isEqualTo("x");
            assertThat(event.await(String.class)).isEqualTo("x");
        }
    }

    @Test
    void fireOnInitDeliversTheValueAlreadyPresent() throws Exception {
        Path file = dir.resolve("v.json");
        Files.writeString(file, "{\"sku\": \"A\", \"cents\": 1}");
        try (JsonDataEvent event = JsonDataEvent.open(file)) {
            assertThat(event.await(Price.class)).isEqualTo(new Price("A", 1));
        }
        try (JsonDataEvent event = JsonDataEvent.open(file, ONLY_LATER_VALUES)) {
            assertThat(event.await(NOTHING_PENDING)).isEmpty();
            event.signal(new Price("B", 2));
            assertThat(event.await(Price.class)).isEqualTo(new Price("B", 2));
        }
    }

    @Test
    void aWaitingListenerWakesWithTheValuePublished() throws Exception {
        Path file = dir.resolve("v.json");
        try (JsonDataEvent publisher = JsonDataEvent.open(file);
                JsonDataEvent listener = JsonDataEvent.open(file, ONLY_LATER_VALUES)) {
            Future<Optional<JsonPayload>> woke = startWaiting(background, () -> listener.await(LONG));
            publisher.signal(new Price("A", 7));
            assertThat(woke.get(30, TimeUnit.SECONDS).orElseThrow().as(Price.class)).isEqualTo(new Price("A", 7));
        }
    }

    @Test
    void everyListenerObjectGetsThePublishedValue() throws Exception {
        Path file = dir.resolve("v.json");
        try (JsonDataEvent first = JsonDataEvent.open(file, ONLY_LATER_VALUES);
                JsonDataEvent second = JsonDataEvent.open(file, ONLY_LATER_VALUES);
                JsonDataEvent publisher = JsonDataEvent.open(file)) {
            Future<Optional<JsonPayload>> firstWoke = startWaiting(background, () -> first.await(LONG));
            Future<Optional<JsonPayload>> secondWoke = startWaiting(background, () -> second.await(LONG));
            publisher.signal("for all");
            assertThat(firstWoke.get(30, TimeUnit.SECONDS).orElseThrow().as(String.class)).isEqualTo("for all");
            assertThat(secondWoke.get(30, TimeUnit.SECONDS).orElseThrow().as(String.class)).isEqualTo("for all");
        }
    }

    @Test
    void cancelWaitEndsTheWaitEmpty() throws Exception {
        try (JsonDataEvent listener = JsonDataEvent.open(dir.resolve("v.json"))) {
            Future<Optional<JsonPayload>> woke = startWaiting(background, listener::await);
            listener.cancelWait();
            assertThat(woke.get(30, TimeUnit.SECONDS)).isEmpty();
            Future<Object> typed = startWaiting(background, () -> listener.await(Price.class));
            listener.cancelWait();
            assertThatThrownBy(() -> typed.get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cancelled");
        }
    }

    @Test
    void absolutePathInNewFoldersWorks() throws Exception {
        Path file = dir.resolve("a").resolve("b").resolve("settings.json");
        assertThat(file.isAbsolute()).isTrue();
        try (JsonDataEvent event = JsonDataEvent.open(file)) {
            assertThat(event.location()).isEqualTo(file.toString());
            event.signal(Map.of("k", 1));
            assertThat(Files.readString(file)).isEqualTo("{\"k\":1}");
            assertThat(event.await(LONG).orElseThrow().asNode().get("k").asInt()).isEqualTo(1);
        }
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            assertThat(siblings.map(p -> p.getFileName().toString()).toList())
                    .as("no temporary file left beside the value")
                    .containsExactly("settings.json");
        }
    }

    @Test
    void relativePathIsResolvedAgainstTheWorkingDirectory() throws Exception {
        Path absolute = dir.resolve("relative.json");
        Path relative = Path.of("").toAbsolutePath().relativize(absolute);
        try (JsonDataEvent event = JsonDataEvent.open(relative)) {
            assertThat(event.location()).isEqualTo(absolute.toString());
            event.signal(3);
            assertThat(Files.readString(absolute)).isEqualTo("3");
        }
    }

    /**
     * A publisher replaces a large value again and again while a listener reads: every value the
     * listener sees is whole (it parses, and its padding matches its sequence number) and the
     * listener ends on the last one.
     */
    @Test
    void readersNeverSeeAPartialValue() throws Exception {
        Path file = dir.resolve("big.json");
        int values = 300;
        int padding = 64 * 1024;
        try (JsonDataEvent publisher = JsonDataEvent.open(file);
                JsonDataEvent listener = JsonDataEvent.open(file, ONLY_LATER_VALUES)) {
            Future<?> publishing = background.submit(() -> {
                for (int seq = 0; seq < values; seq++) {
                    publisher.signal(new Big(seq, Character.toString('a' + seq % 26).repeat(padding)));
                }
                return null;
            });
            List<Integer> seen = new ArrayList<>();
            int last = -1;
            while (last < values - 1) {
                Big big = listener.await(LONG).orElseThrow(() -> new AssertionError("no value within 30 s")).as(Big.class);
                assertThat(big.pad()).hasSize(padding);
                assertThat(big.pad()).isEqualTo(Character.toString('a' + big.seq() % 26).repeat(padding));
                assertThat(big.seq()).as("values only move forward").isGreaterThan(last);
                last = big.seq();
                seen.add(last);
            }
            publishing.get(30, TimeUnit.SECONDS);
            assertThat(seen).isNotEmpty().endsWith(values - 1);
        }
    }

    record Big(int seq, String pad) {
    }

    @Test
    void aFileBrieflyMissingDuringAPythonStyleReplaceIsNoChange() throws Exception {
        Path file = dir.resolve("v.json");
        try (JsonDataEvent listener = JsonDataEvent.open(file, ONLY_LATER_VALUES)) {
            publishAsPythonDoes(file, "1");
            assertThat(listener.await(Integer.class)).isEqualTo(1);

            Future<Optional<JsonPayload>> woke = startWaiting(background, () -> listener.await(LONG));
            Files.delete(file);
            assertThat(listener.latest()).as("missing reads as nothing published").isEmpty();
            Path temp = dir.resolve("tmp_v.json.tmp");
            Files.writeString(temp, "2");
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            assertThat(woke.get(30, TimeUnit.SECONDS).orElseThrow().as(Integer.class)).isEqualTo(2);
        }
    }

    /** The Python publisher deletes the file, then renames its temporary file into place. */
    @Test
    void aReaderNeverFailsWhileAPythonStylePublisherDeletesAndRecreatesTheFile() throws Exception {
        Path file = dir.resolve("v.json");
        int values = 500;
        try (JsonDataEvent listener = JsonDataEvent.open(file, ONLY_LATER_VALUES)) {
            Future<?> publishing = background.submit(() -> {
                for (int i = 0; i < values; i++) {
                    publishAsPythonDoes(file, "{\"n\": " + i + "}");
                }
                return null;
            });
            int last = -1;
            while (last < values - 1) {
                int n = listener.await(LONG).orElseThrow(() -> new AssertionError("no value within 30 s"))
                        .asNode().get("n").asInt();
                assertThat(n).isGreaterThan(last);
                last = n;
            }
            publishing.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMalformedValueFailsTheWaitNamingTheFileAndTheNextWaitWaitsForTheNextValue() throws Exception {
        Path file = dir.resolve("v.json");
        try (JsonDataEvent listener = JsonDataEvent.open(file)) {
            publishAsPythonDoes(file, "{\"broken\": ");
            assertThatThrownBy(() -> listener.await(LONG))
                    .isInstanceOf(MalformedJsonException.class)
                    .hasMessageContaining(file.toString());
            assertThat(listener.await(NOTHING_PENDING)).as("the malformed value counts as seen").isEmpty();

            try (JsonDataEvent publisher = JsonDataEvent.open(file)) {
                publisher.signal("fine");
            }
            assertThat(listener.await(String.class)).isEqualTo("fine");
        }
    }

    @Test
    void twoValuesInTheFileAreMalformed() throws Exception {
        Path file = dir.resolve("v.json");
        try (JsonDataEvent listener = JsonDataEvent.open(file)) {
            publishAsPythonDoes(file, "1 2");
            assertThatThrownBy(() -> listener.await(LONG)).isInstanceOf(MalformedJsonException.class);
        }
    }

    @Test
    void aFolderInPlaceOfTheValueIsIgnoredWithAWarningUntilAProperValueReturns() throws Exception {
        Path file = dir.resolve("v.json");
        try (JsonDataEvent publisher = JsonDataEvent.open(file);
                JsonDataEvent listener = JsonDataEvent.open(file, ONLY_LATER_VALUES);
                StandardErrorCapture log = new StandardErrorCapture()) {
            publisher.signal(1);
            assertThat(listener.await(Integer.class)).isEqualTo(1);

            Files.delete(file);
            Files.createDirectory(file);
            assertThat(listener.await(NOTHING_PENDING)).isEmpty();
            assertThat(log.text()).contains("WARN").contains(file + " is not a regular file");

            Files.delete(file);
            publisher.signal(2);
            assertThat(listener.await(Integer.class)).isEqualTo(2);
        }
    }

    @Test
    void aValueLargerThanTheLimitFailsTheWaitAndCountsAsSeen() throws Exception {
        Path file = dir.resolve("v.json");
        DataEventOptions small = DataEventOptions.builder().maxValueSize(16).build();
        try (JsonDataEvent listener = JsonDataEvent.open(file, small)) {
            publishAsPythonDoes(file, "\"" + "x".repeat(100) + "\"");
            assertThatThrownBy(() -> listener.await(LONG))
                    .isInstanceOf(IpsyncException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("limit");
            assertThat(listener.await(NOTHING_PENDING)).isEmpty();
            publishAsPythonDoes(file, "\"small\"");
            assertThat(listener.await(String.class)).isEqualTo("small");
        }
    }

    @Test
    void pythonWrittenValuesAreRead() throws Exception {
        Path file = dir.resolve("v.json");
        try (JsonDataEvent listener = JsonDataEvent.open(file, ONLY_LATER_VALUES)) {
            publishAsPythonDoes(file, "{\"name\": \"M\\u00fcller\", \"ratio\": NaN, \"tags\": [\"a\", \"b\"]}");
            JsonNode node = listener.await(LONG).orElseThrow().asNode();
            assertThat(node.get("name").asString()).isEqualTo("Müller");
            assertThat(node.get("ratio").asDouble()).isNaN();
        }
    }

    @Test
    void closedEventRefusesUse() {
        JsonDataEvent event = JsonDataEvent.open(dir.resolve("v.json"));
        event.close();
        assertThatThrownBy(() -> event.signal(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(event::latest).isInstanceOf(IllegalStateException.class);
    }

    /**
     * Adds and removes a second name for {@code file}, as often as it takes for its ctime to move
     * (more than once where the file system's clock is coarser than one link and unlink).
     */
    private static void moveStatusChangeTime(Path file) {
        Path secondName = file.resolveSibling(file.getFileName() + ".second-name");
        await().atMost(LONG).pollInterval(Duration.ofMillis(1)).until(() -> {
            Object before = Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
            Files.createLink(secondName, file);
            Files.delete(secondName);
            return !Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS).equals(before);
        });
    }

    /** As jk_interprocesssync does: write a temporary file, delete the target, rename. */
    private static void publishAsPythonDoes(Path file, String json) throws Exception {
        Path temp = file.resolveSibling("tmp_" + file.getFileName() + ".tmp");
        Files.write(temp, json.getBytes(StandardCharsets.UTF_8));
        Files.deleteIfExists(file);
        Files.move(temp, file);
    }
}
