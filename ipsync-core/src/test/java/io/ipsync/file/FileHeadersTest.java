package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.DeadLetter;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.ReceivedMessage;
import io.ipsync.testing.RamfsMount;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the file transport keeps message headers: an extended attribute, or a sidecar where there is none. */
class FileHeadersTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final Map<String, String> HEADERS = Map.of("traceparent",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "tenant", "acme");

    @TempDir
    Path temp;

    @Test
    void aMessageWithHeadersKeepsThemInAnExtendedAttributeOfItsFileAndSaysSoInItsName() throws Exception {
        Path dir = temp.resolve("queue");
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            String name = queue.put("hello", HEADERS);
            assertThat(name).matches("q_\\d{19}_[A-Za-z]{31}H");
            Path file = dir.resolve(name);
            assertThat(attribute(file)).isEqualTo(new String(FileHeaders.encode(HEADERS), StandardCharsets.UTF_8));
            assertThat(Files.readString(file)).as("the content is the JSON value alone").isEqualTo("\"hello\"");
            assertThat(dir.resolve(".ipsync/headers")).doesNotExist();
        }
    }

    @Test
    void aMessageWithoutHeadersHasNoAttributeAndNoMarker() throws Exception {
        Path dir = temp.resolve("queue");
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            for (int i = 0; i < 200; i++) {
                String name = queue.put(i);
                assertThat(name).doesNotEndWith("H");
                assertThat(attribute(dir.resolve(name))).isNull();
            }
        }
    }

    @Test
    void headersStayWithTheMessageThroughARetry() throws Exception {
        Path dir = temp.resolve("queue");
        try (JsonDataQueue queue = JsonDataQueue.open(dir, QueueOptions.builder().backOff(io.ipsync.BackOff.none()).build())) {
            queue.put("again", HEADERS);
            queue.receive(WAIT).orElseThrow().retry(new IllegalStateException("once more"));
            try (ReceivedMessage retried = queue.receive(WAIT).orElseThrow()) {
                assertThat(retried.metadata().attempt()).isEqualTo(2);
                assertThat(retried.metadata().headers()).isEqualTo(HEADERS);
                retried.acknowledge();
            }
        }
    }

    @Test
    void aPythonProducersMessageWhoseIdEndsInTheMarkerIsReadWithoutHeaders() throws Exception {
        Path dir = temp.resolve("queue");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("q_1733580000000000000_abcdefghijklmnopqrstuvwxyzABCDEH"), "{\"from\": \"python\"}");
        try (JsonDataQueue queue = JsonDataQueue.open(dir); ReceivedMessage message = queue.receive(WAIT).orElseThrow()) {
            assertThat(message.metadata().headers()).isEmpty();
            assertThat(message.payload().asNode().get("from").asString()).isEqualTo("python");
            message.acknowledge();
        }
    }

    @Test
    void unreadableHeadersAreDeadLetteredWithTheReasonAndTheConsumerGoesOn() throws Exception {
        Path dir = temp.resolve("queue");
        Files.createDirectories(dir);
        Path forged = dir.resolve("q_1733580000000000000_abcdefghijklmnopqrstuvwxyzABCDEH");
        Files.writeString(forged, "1");
        Files.getFileAttributeView(forged, UserDefinedFileAttributeView.class)
                .write(FileHeaders.ATTRIBUTE, ByteBuffer.wrap("not json".getBytes(StandardCharsets.UTF_8)));
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            queue.put("after");
            assertThat(queue.take(String.class)).isEqualTo("after");
            List<DeadLetter> dead = queue.deadLetters().list(10);
            assertThat(dead).singleElement().extracting(DeadLetter::reason).asString().contains("headers");
        }
    }

    @Test
    void aHeaderWithANullValueIsDeadLetteredAndTheConsumerGoesOn() throws Exception {
        Path dir = temp.resolve("queue");
        Files.createDirectories(dir);
        Path forged = dir.resolve("q_1733580000000000000_abcdefghijklmnopqrstuvwxyzABCDEH");
        Files.writeString(forged, "1");
        Files.getFileAttributeView(forged, UserDefinedFileAttributeView.class)
                .write(FileHeaders.ATTRIBUTE, ByteBuffer.wrap("{\"h\":null}".getBytes(StandardCharsets.UTF_8)));
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            queue.put("after");
            assertThat(queue.take(String.class)).isEqualTo("after");
            assertThat(queue.deadLetters().list(10)).singleElement().extracting(DeadLetter::reason).asString()
                    .contains("null");
        }
    }

    @Test
    void headersWhoseJsonIsLongerThanAnAttributeMayBeGoToASidecarAndComeBackInOrder() throws Exception {
        Path dir = temp.resolve("queue");
        Map<String, String> escaped = new java.util.LinkedHashMap<>();
        escaped.put("z-first", "\u0001".repeat(700)); // 700 bytes raw, 4,200 as JSON escapes
        escaped.put("a-second", "x");
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            String name = queue.put("big headers", escaped);
            assertThat(dir.resolve(".ipsync/headers").resolve(name)).exists();
            try (ReceivedMessage message = queue.receive(WAIT).orElseThrow()) {
                assertThat(message.metadata().headers()).containsExactlyEntriesOf(escaped);
                message.acknowledge();
            }
        }
    }

    @Test
    void whereTheFileSystemKeepsNoAttributesHeadersGoToASidecarThatGoesWithTheMessage() throws Exception {
        try (RamfsMount ramfs = RamfsMount.mount(temp.resolve("ramfs"))) {
            Path dir = ramfs.root().resolve("queue");
            try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
                String name = queue.put("sidecar", HEADERS);
                Path sidecar = dir.resolve(".ipsync/headers").resolve(name);
                assertThat(sidecar).exists();
                try (ReceivedMessage message = queue.receive(WAIT).orElseThrow()) {
                    assertThat(message.metadata().headers()).isEqualTo(HEADERS);
                    message.acknowledge();
                }
                assertThat(sidecar).doesNotExist();
            }
        }
    }

    @Test
    void sidecarsOfMessagesThatAPythonConsumerTookAreSweptOnceStale() throws Exception {
        try (RamfsMount ramfs = RamfsMount.mount(temp.resolve("ramfs"))) {
            Path dir = ramfs.root().resolve("queue");
            FileSettings quickSweep = FileSettings.builder().staleTempFileAge(Duration.ofSeconds(1))
                    .pollInterval(Duration.ofMillis(100)).build();
            try (JsonDataQueue producer = JsonDataQueue.open(dir, QueueOptions.DEFAULTS, quickSweep);
                    JsonDataQueue consumer = JsonDataQueue.open(dir, QueueOptions.DEFAULTS, quickSweep)) {
                String takenByPython = producer.put("gone", HEADERS);
                String stillWaiting = producer.put("kept", HEADERS);
                Files.delete(dir.resolve(takenByPython)); // what a jk_interprocesssync consumer does: read, unlink
                Path headers = dir.resolve(".ipsync/headers");
                Awaitility.await().atMost(WAIT).until(() -> {
                    consumer.receive(Duration.ofMillis(50)).ifPresent(ReceivedMessage::release);
                    return !Files.exists(headers.resolve(takenByPython));
                });
                assertThat(headers.resolve(stillWaiting)).as("the headers of a message still there stay").exists();
            }
        }
    }

    private static String attribute(Path file) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        try (Stream<String> names = view.list().stream()) {
            if (names.noneMatch(FileHeaders.ATTRIBUTE::equals)) {
                return null;
            }
        }
        ByteBuffer buffer = ByteBuffer.allocate(view.size(FileHeaders.ATTRIBUTE));
        view.read(FileHeaders.ATTRIBUTE, buffer);
        return new String(buffer.array(), StandardCharsets.UTF_8);
    }
}
