package io.ipsync.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.BackOff;
import io.ipsync.JsonDataQueue;
import io.ipsync.MessageMetadata;
import io.ipsync.QueueOptions;
import io.ipsync.QueueStats;
import io.ipsync.ReceivedMessage;
import io.ipsync.Settlement;
import io.ipsync.testing.RawMessages;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A queue directory shared with processes that run the Python original (played by
 * {@code jk_peer.py}): messages cross in both directions unchanged and in order, competing
 * consumers of both kinds take each message exactly once, and nothing ipsync keeps in the
 * directory ever looks like a message to a Python consumer.
 */
class PythonQueueInteropTest {

    private static final String MESSAGE_NAME = "q_\\d{19}_[A-Za-z]{32}";

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final String NESTED = "{\"name\": \"J\\u00fcrgen\", \"nested\": {\"list\": [1, 2.5, null, true, {\"deep\": [[], {}]}]}}";

    /**
     * Values a Python producer may put, as JSON text: the falsy ones that it stores as empty
     * files, non-ASCII text that it escapes, numbers beyond {@code long} and {@code double}
     * literals, and the non-standard {@code NaN} and {@code Infinity} that {@code json.dumps}
     * writes by default.
     */
    private static final List<String> EDGE_VALUES = List.of(
            "null", "{}", "[]", "0", "0.0", "-0.0", "\"\"", "false",
            "true", "1", "-1", "\"0\"", "[0]", "[[]]", "{\"\": null}", "[null]",
            "\"\\u00e4\\u00f6\\u00fc \\u20ac \\u65e5\\u672c \\ud83d\\ude00\"",
            NESTED,
            "\"line\\nbreak \\\"quoted\\\" back\\\\slash\\ttab \\u0000 nul\"",
            "\"\\ud800 lone surrogate\"",
            "123456789012345678901234567890", "-98765432109876543210",
            "9223372036854775807", "9223372036854775808",
            "3.141592653589793", "1e+300", "-2.5e-300", "0.1",
            "NaN", "Infinity", "-Infinity", "[NaN, -Infinity, {\"x\": Infinity}]",
            "\"a top-level string\"", "42",
            "{\"blob\": \"" + "x".repeat(20_000) + "\"}");

    @TempDir
    Path dir;

    /** Per test, not per class: surefire shows each skipped test with the reason, an aborted class not at all. */
    @BeforeEach
    void requirePython() {
        PythonPeer.assumePythonAvailable();
    }

    @Test
    void pythonProducersMessagesReachJavaConsumerWholeAndOldestFirst() throws Exception {
        List<String> sent = new ArrayList<>(EDGE_VALUES);
        for (int i = sent.size(); i < 500; i++) {
            sent.add("{\"seq\": " + i + ", \"text\": \"m\\u00e9ssage " + i + "\", \"even\": " + (i % 2 == 0) + "}");
        }
        List<JsonNode> expected = sent.stream().map(PythonJson::parse).map(PythonJson::storedByPython).toList();

        List<JsonNode> received = new ArrayList<>();
        List<MessageMetadata> metadata = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<String> written;
        try (JsonDataQueue queue = JsonDataQueue.open(dir);
                PythonPeer producer = PythonPeer.start("queue-put-stdin", dir.toString())) {
            producer.send(sent);
            producer.closeInput();
            while (received.size() < sent.size()) {
                // Taken while the producer still writes: its tmp_ files must never be picked up.
                ReceivedMessage message = queue.receive(WAIT).orElseThrow(() -> new AssertionError(
                        "Only " + received.size() + " of " + sent.size() + " messages arrived within " + WAIT
                                + "; dead letters: " + queue.stats().deadLetters()));
                received.add(message.payload().asNode());
                texts.add(message.payload().text());
                metadata.add(message.metadata());
                message.acknowledge();
            }
            written = producer.remainingLinesAfterSuccess();
            assertThat(queue.stats()).extracting(QueueStats::waiting, QueueStats::inFlight, QueueStats::deadLetters)
                    .containsExactly(0L, 0L, 0L);
        }

        assertThat(written).as("names the Python producer wrote (a repeat would be its same-nanosecond collision)")
                .hasSize(sent.size()).doesNotHaveDuplicates().allMatch(name -> name.matches(MESSAGE_NAME));
        assertThat(metadata).extracting(MessageMetadata::name).containsExactlyElementsOf(written);
        assertThat(received).containsExactlyElementsOf(expected);

        String producerId = written.get(0).substring(22);
        assertThat(metadata).allSatisfy(m -> {
            assertThat(m.producerId()).isEqualTo(producerId);
            assertThat(m.attempt()).isEqualTo(1);
            assertThat(m.timestamp()).isNotNull();
        });
        for (int i = 0; i < sent.size(); i++) {
            if (expected.get(i).isNull()) {
                assertThat(texts.get(i)).as("Python stores %s as an empty file", sent.get(i)).isEmpty();
            }
        }
        assertThat(texts.get(EDGE_VALUES.indexOf(NESTED)))
                .as("Python's own text: ensure_ascii escapes and its default separators")
                .contains("J\\u00fcrgen").contains("\"nested\": {\"list\": [1, 2.5, null");
        assertTopLevelHoldsOnlyBookkeeping();
    }

    @Test
    void javaProducersMessagesReachPythonConsumerAsItReadsThem() throws Exception {
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("customer", "J\u00fcrgen M\u00fcller \u20ac \ud83d\ude00 \u65e5\u672c");
        order.put("lines", List.of(Map.of("sku", "A-1", "quantity", 3), Map.of("sku", "B-2", "quantity", 1)));
        order.put("note", null);
        List<Object> sent = Arrays.asList(
                null, false, 0, "", List.of(), Map.of(),
                order,
                "\u00e4\u00f6\u00fc \"quoted\" \\ back\nslash",
                BigInteger.TWO.pow(80), Long.MAX_VALUE, 2.5, true,
                Arrays.asList(1, null, List.of(List.of())),
                new Order("A-17", 3));

        List<String> names = new ArrayList<>();
        List<String> printed;
        try (PythonPeer consumer = PythonPeer.start("queue-get", dir.toString(), "--count", String.valueOf(sent.size()),
                        "--timeout", "60");
                JsonDataQueue queue = JsonDataQueue.open(dir)) {
            consumer.awaitReady();
            for (Object value : sent) {
                names.add(queue.put(value));
            }
            printed = consumer.remainingLinesAfterSuccess();
        }

        assertThat(names).allMatch(name -> name.matches(MESSAGE_NAME)).doesNotHaveDuplicates().isSorted();
        assertThat(printed.stream().map(PythonJson::parse).toList())
                .as("what the Python consumer took, in order; null for Java's null (an empty file), and Java's"
                        + " falsy values as themselves, since Java writes their JSON text")
                .containsExactlyElementsOf(sent.stream().map(PythonJson::tree).toList());
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("left in the queue directory by a producer and a Python consumer: ipsync's own folder")
                    .containsExactly(dir.resolve(".ipsync"));
        }
        assertThat(RawMessages.filesBelow(dir.resolve(".ipsync"))).as("no temporary file left behind").isEmpty();
    }

    @Test
    void javaBurstLeavesOnlyPythonShapedUniqueNamesThatSortInPutOrder() throws Exception {
        List<Map<String, Integer>> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sent.add(Map.of("seq", i));
        }
        List<String> names;
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            names = queue.putAll(sent);
        }

        assertThat(names).hasSize(sent.size()).doesNotHaveDuplicates().isSorted();
        assertThat(RawMessages.filesBelow(dir.resolve(".ipsync"))).as("no temporary file left behind").isEmpty();
        try (Stream<Path> entries = Files.list(dir).filter(entry -> !entry.getFileName().toString().equals(".ipsync"))) {
            assertThat(entries).as("a producer leaves only messages (and ipsync's own folder, invisible to Python),"
                    + " each a regular file named as Python names them")
                    .hasSize(sent.size())
                    .allSatisfy(entry -> {
                        assertThat(entry.getFileName().toString()).matches(MESSAGE_NAME);
                        assertThat(Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)).isTrue();
                    });
        }
        assertThat(PythonPeer.run("queue-peek", dir.toString())).containsExactlyElementsOf(names);
        List<String> printed = PythonPeer.run("queue-get", dir.toString(), "--count", String.valueOf(sent.size()),
                "--timeout", "60");
        assertThat(printed.subList(1, printed.size()).stream().map(PythonJson::parse).toList())
                .containsExactlyElementsOf(sent.stream().map(PythonJson::tree).toList());
    }

    @Test
    void javaAndPythonConsumersTogetherTakeEveryMessageExactlyOnce() throws Exception {
        int perProducer = 150;
        List<String> all = new ArrayList<>();
        List<String> fromPython = new ArrayList<>();
        for (int i = 0; i < perProducer; i++) {
            all.add("java-" + i);
            fromPython.add("python-" + i);
        }
        all.addAll(fromPython);

        List<String> takenByJava = new CopyOnWriteArrayList<>();
        List<String> takenByPython = new ArrayList<>();
        AtomicReference<Throwable> javaFailure = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch pythonTookOne = new CountDownLatch(1);

        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            for (int i = 0; i < perProducer; i++) {
                queue.put(Map.of("id", "java-" + i));
            }
            PythonPeer.run(Stream.concat(Stream.of("queue-put", dir.toString()),
                    fromPython.stream().map(id -> PythonJson.ascii(Map.of("id", id)))).toArray(String[]::new));

            // Java holds one message until Python has taken one, so both certainly take part.
            ReceivedMessage first = queue.receive(WAIT).orElseThrow();
            Thread javaConsumer = new Thread(() -> {
                try {
                    if (!pythonTookOne.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                        throw new AssertionError("The Python consumer took nothing within " + WAIT);
                    }
                    takenByJava.add(first.payload().asNode().get("id").stringValue());
                    first.acknowledge();
                    while (!stop.get()) {
                        queue.poll(Duration.ofMillis(200), message -> takenByJava.add(message.payload().asNode().get("id").stringValue()));
                    }
                } catch (Throwable e) {
                    javaFailure.set(e);
                }
            }, "java-consumer");

            try (PythonPeer pythonConsumer = PythonPeer.start("queue-get", dir.toString(), "--until-eof",
                    "--timeout", "120")) {
                pythonConsumer.awaitReady();
                javaConsumer.start();
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (takenByJava.size() + takenByPython.size() < all.size() && javaFailure.get() == null) {
                    String line = pythonConsumer.pollLine(Duration.ofMillis(50));
                    if (line != null) {
                        takenByPython.add(PythonJson.parse(line).get("id").stringValue());
                        pythonTookOne.countDown();
                    }
                    assertThat(System.nanoTime() - deadline)
                            .as("time left; taken by Java %s, by Python %s", takenByJava.size(), takenByPython.size())
                            .isNegative();
                }
                stop.set(true);
                queue.wakeUpWaiters();
                javaConsumer.join(WAIT.toMillis());
                assertThat(javaConsumer.isAlive()).as("Java consumer still running").isFalse();
                pythonConsumer.closeInput();
                // Anything the Python consumer took after the count was complete is a duplicate.
                pythonConsumer.remainingLinesAfterSuccess().forEach(
                        line -> takenByPython.add(PythonJson.parse(line).get("id").stringValue()));
            }
            assertThat(javaFailure.get()).as("failure of the Java consumer").isNull();
            assertThat(queue.stats()).extracting(QueueStats::waiting, QueueStats::inFlight, QueueStats::scheduledRetries,
                    QueueStats::deadLetters).containsExactly(0L, 0L, 0L, 0L);
        }

        assertThat(takenByJava).as("taken by Java").isNotEmpty();
        assertThat(takenByPython).as("taken by Python").isNotEmpty();
        assertThat(Stream.concat(takenByJava.stream(), takenByPython.stream()).toList())
                .as("every message once across both consumers").containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void claimsRetriesAndDeadLettersAreInvisibleToPythonConsumers() throws Exception {
        QueueOptions options = QueueOptions.builder()
                .maxAttempts(2)
                .backOff(BackOff.fixed(Duration.ofHours(1)))
                .build();
        try (JsonDataQueue queue = JsonDataQueue.open(dir, options)) {
            // A broken writer's file, oldest of all: dead-lettered on the way, the consumer goes on.
            Path malformed = dir.resolve("q_0000000000000000001_BrokenWriterBrokenWriterBrokenWr");
            Files.write(malformed, "{\"unfinished\": ".getBytes(StandardCharsets.UTF_8));
            queue.put(Map.of("kind", "fails once"));
            queue.put(Map.of("id", "poison", "quantity", "many"));
            queue.put(Map.of("kind", "held"));

            assertThat(queue.poll(WAIT, message -> {
                throw new IllegalStateException("handler fails once");
            })).isTrue();
            assertThat(queue.poll(WAIT, message -> message.payload().as(Order.class))).isTrue();
            ReceivedMessage held = queue.receive(WAIT).orElseThrow();
            assertThat(held.payload().asNode().get("kind").stringValue()).isEqualTo("held");

            assertThat(queue.stats()).extracting(QueueStats::waiting, QueueStats::inFlight, QueueStats::scheduledRetries,
                    QueueStats::deadLetters).containsExactly(0L, 1L, 1L, 2L);
            assertThat(walk(dir.resolve(".ipsync")))
                    .as("ipsync's bookkeeping holds message files, all below .ipsync")
                    .anyMatch(path -> path.startsWith(".ipsync/claims/") && path.contains("-q_"))
                    .anyMatch(path -> path.startsWith(".ipsync/retry/") && path.contains("-q_"))
                    .anyMatch(path -> path.startsWith(".ipsync/dead/q_0000000000000000001_"))
                    .anyMatch(path -> path.startsWith(".ipsync/dead/reason-q_") && path.endsWith(".json"))
                    .anyMatch(path -> path.startsWith(".ipsync/owners/") && path.endsWith(".lock"));
            assertTopLevelHoldsOnlyBookkeeping();

            assertThat(PythonPeer.run("queue-peek", dir.toString())).as("what a Python consumer would take").isEmpty();
            List<String> forPython;
            try (JsonDataQueue producer = JsonDataQueue.open(dir)) {
                forPython = producer.putAll(List.of(Map.of("for", "python 1"), Map.of("for", "python 2")));
            }
            assertThat(PythonPeer.run("queue-peek", dir.toString())).containsExactlyElementsOf(forPython);
            List<String> taken = PythonPeer.run("queue-get", dir.toString(), "--count", "2", "--timeout", "60");
            assertThat(taken.subList(1, taken.size()).stream().map(PythonJson::parse).toList())
                    .containsExactly(PythonJson.tree(Map.of("for", "python 1")), PythonJson.tree(Map.of("for", "python 2")));

            try (PythonPeer idle = PythonPeer.start("queue-get", dir.toString(), "--count", "1", "--timeout", "1")) {
                idle.awaitReady();
                assertThat(idle.remainingLines()).as("taken by a Python consumer from bookkeeping alone").isEmpty();
                assertThat(idle.awaitExit()).as("the idle Python consumer times out").isEqualTo(PythonPeer.TIMEOUT_EXIT_CODE);
            }
            assertTopLevelHoldsOnlyBookkeeping();

            held.acknowledge();
            assertThat(held.settlement()).isEqualTo(Settlement.ACKNOWLEDGED);
            assertThat(queue.stats()).extracting(QueueStats::inFlight, QueueStats::scheduledRetries, QueueStats::deadLetters)
                    .as("Python took nothing of ipsync's").containsExactly(0L, 1L, 2L);
        }
        assertTopLevelHoldsOnlyBookkeeping();
        assertThat(PythonPeer.run("queue-peek", dir.toString())).isEmpty();
    }

    /** Nothing at the top of the queue directory but ipsync's folder: no message-like file of ipsync's, no leftovers. */
    private void assertTopLevelHoldsOnlyBookkeeping() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            assertThat(entries.collect(Collectors.toMap(path -> path.getFileName().toString(),
                    path -> Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))))
                    .as("top level of the queue directory (name -> is a directory)")
                    .containsExactly(Map.entry(".ipsync", true));
        }
    }

    private List<String> walk(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile).map(path -> dir.relativize(path).toString()).toList();
        }
    }

    record Order(String id, int quantity) {
    }
}
