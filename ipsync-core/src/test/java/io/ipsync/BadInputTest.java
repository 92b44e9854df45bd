package io.ipsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.ipsync.testing.RawMessages;
import io.ipsync.testing.StandardErrorCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whatever lands in a queue directory under a message's name, a consumer never fails and never
 * stops on it: what cannot be read or is not exactly one JSON value is dead-lettered with the
 * reason, and the valid message put after it is received. What Python producers write is valid.
 */
class BadInputTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    /** Older than anything put now, so the consumer meets it before the valid message. */
    private static final String BAD = RawMessages.name(1);

    @TempDir
    Path dir;

    private final ExecutorService background = Executors.newCachedThreadPool();

    @AfterEach
    void stopBackground() throws InterruptedException {
        background.shutdownNow();
        assertThat(background.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    static Stream<Arguments> malformedContent() {
        int tooDeep = StreamReadConstraints.defaults().getMaxNestingDepth() + 1;
        return Stream.of(
                Arguments.of("malformed JSON", utf8("{sku: 'A'}"), "does not hold valid JSON"),
                Arguments.of("truncated JSON", utf8("{\"sku\": [1, 2"), "does not hold valid JSON"),
                Arguments.of("whitespace only", utf8("  \n\t \r\n"), "holds no JSON value"),
                Arguments.of("two JSON values", utf8("{\"a\": 1} {\"b\": 2}"), "more than one JSON value"),
                Arguments.of("a value and trailing garbage", utf8("[1, 2] x"), "does not hold valid JSON"),
                Arguments.of("binary garbage", new byte[] {0x00, (byte) 0xFF, (byte) 0xFE, 0x01, 0x7F, (byte) 0x80, 0x13, 0x37},
                        "does not hold valid JSON"),
                // Jackson reads FF FE 00 00 as a UTF-32 byte-order mark and then finds nothing.
                Arguments.of("binary garbage that looks like a byte-order mark", new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0},
                        "holds no JSON value"),
                // Jackson checks the structure of UTF-8: a start byte must be followed by continuation bytes ...
                Arguments.of("invalid UTF-8 continuation", bytes("{\"a\": \"", new byte[] {(byte) 0xC3, 0x28}, "\"}"),
                        "Invalid UTF-8 middle byte"),
                // ... and FF can never start a character.
                Arguments.of("invalid UTF-8 start byte", bytes("\"", new byte[] {(byte) 0xFF}, "\""),
                        "Invalid UTF-8 start byte"),
                Arguments.of("JSON nested deeper than the parser allows",
                        utf8("[".repeat(tooDeep) + "]".repeat(tooDeep)), "nesting depth"),
                Arguments.of("objects nested deeper than the parser allows",
                        utf8("{\"a\":".repeat(tooDeep) + "1" + "}".repeat(tooDeep)), "nesting depth"),
                // A writer that pre-allocates, or a crash of a non-atomic writer, leaves NULs behind the value.
                Arguments.of("NUL bytes after the value", bytes("{\"a\": 1}", new byte[] {0, 0, 0, 0}, ""),
                        "does not hold valid JSON"),
                Arguments.of("NUL byte inside a string", bytes("{\"a\": \"x", new byte[] {0}, "y\"}"),
                        "does not hold valid JSON"),
                Arguments.of("only NUL bytes", new byte[64], "does not hold valid JSON"),
                // Python's json.loads refuses them too (strict mode): control characters must be escaped.
                Arguments.of("unescaped control character in a string", utf8("{\"a\": \"tab\there\"}"),
                        "does not hold valid JSON"),
                Arguments.of("a comment", utf8("// order\n{\"a\": 1}"), "does not hold valid JSON"),
                Arguments.of("single-quoted string", utf8("'text'"), "does not hold valid JSON"),
                Arguments.of("a bare word", utf8("undefined"), "does not hold valid JSON"),
                Arguments.of("a lone closing bracket", utf8("]"), "does not hold valid JSON"),
                // Python's json.dump never writes a BOM, and json.loads refuses one; Jackson does not skip
                // a BOM inside a value either, so a BOM-prefixed text that is also cut short is refused.
                Arguments.of("byte-order mark before truncated JSON", bytes("", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                        "{\"a\": "), "does not hold valid JSON"),
                Arguments.of("JSON text in UTF-16 without a byte-order mark, truncated",
                        "{\"a\": ".getBytes(StandardCharsets.UTF_16BE), "does not hold valid JSON"),
                Arguments.of("integer longer than the parser allows",
                        utf8("1".repeat(StreamReadConstraints.defaults().getMaxNumberLength() + 1)), "Number value length"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedContent")
    void malformedMessageIsDeadLetteredAndTheConsumerGoesOn(String kind, byte[] content, String reasonFragment)
            throws Exception {
        RawMessages.write(dir, BAD, content);
        try (JsonDataQueue queue = JsonDataQueue.open(dir); StandardErrorCapture log = new StandardErrorCapture()) {
            assertNextReceivedIsValidMessagePutAfter(queue);
            assertThat(log.text()).as("a warning that names the message and the queue")
                    .contains("WARN").contains("Dead-lettered " + BAD + " from " + dir);
        }
        assertDeadLettered(reasonFragment, dir.resolve(BAD).toString());
        assertThat(Files.readAllBytes(deadLetters().resolve(BAD))).as("kept unchanged").isEqualTo(content);
    }

    @Test
    void nestingJustWithinTheParserLimitIsValid() throws Exception {
        int depth = StreamReadConstraints.defaults().getMaxNestingDepth();
        RawMessages.write(dir, BAD, "[".repeat(depth) + "]".repeat(depth));
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            ReceivedMessage message = queue.receive(LONG).orElseThrow();
            assertThat(message.metadata().name()).isEqualTo(BAD);
            message.acknowledge();
        }
        assertThat(RawMessages.names(deadLetters(), "")).isEmpty();
    }

    /**
     * Jackson does not reject overlong UTF-8 forms (C0 80 for U+0000): such a message is
     * delivered, and Jackson decodes it to the character the bytes spell. Documented here so that
     * a change of Jackson's behaviour is noticed.
     */
    @Test
    void overlongUtf8IsNotRejectedByJacksonAndIsDelivered() throws Exception {
        RawMessages.write(dir, BAD, bytes("\"", new byte[] {(byte) 0xC0, (byte) 0x80}, "\""));
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            ReceivedMessage message = queue.receive(LONG).orElseThrow();
            assertThat(message.payload().as(String.class)).isEqualTo("\u0000");
            message.acknowledge();
        }
    }

    @Test
    void messageLargerThanTheLimitIsDeadLetteredUnread() throws Exception {
        byte[] large = utf8("\"" + "x".repeat(200) + "\"");
        RawMessages.write(dir, BAD, large);
        QueueOptions small = QueueOptions.builder().maxMessageSize(64).build();
        try (JsonDataQueue queue = JsonDataQueue.open(dir, small)) {
            assertNextReceivedIsValidMessagePutAfter(queue);
        }
        assertDeadLettered("cannot be read", "more than the limit of 64 bytes");
        assertThat(Files.readAllBytes(deadLetters().resolve(BAD))).isEqualTo(large);
    }

    @Test
    void folderNamedLikeAMessageIsDeadLettered() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("q_123_folder"));
        Files.writeString(folder.resolve("inside.txt"), "kept");
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            assertNextReceivedIsValidMessagePutAfter(queue);
        }
        JsonNode reason = reasonOf("q_123_folder");
        assertThat(reason.get("reason").asString()).contains("not a regular file but a directory");
        assertThat(deadLetters().resolve("q_123_folder/inside.txt")).hasContent("kept");
    }

    @Test
    void symbolicLinkNamedLikeAMessageIsNeverFollowed() throws Exception {
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Path target = Files.writeString(outside.resolve("secret.json"), "{\"secret\": true}");
        Path queueDir = Files.createDirectory(dir.resolve("queue"));
        Files.createSymbolicLink(queueDir.resolve(BAD), target);
        try (JsonDataQueue queue = JsonDataQueue.open(queueDir)) {
            assertNextReceivedIsValidMessagePutAfter(queue);
        }
        Path deadDir = queueDir.resolve(".ipsync/dead");
        assertThat(Files.isSymbolicLink(deadDir.resolve(BAD))).as("the link itself was set aside").isTrue();
        assertThat(readJson(deadDir.resolve("reason-" + BAD + ".json")).get("reason").asString())
                .contains("symbolic link (never followed)");
        assertThat(target).as("the link's target is untouched").hasContent("{\"secret\": true}");
        assertThat(RawMessages.names(outside, "")).containsExactly("secret.json");
    }

    @Test
    void fifoNamedLikeAMessageIsDeadLetteredWithoutBlockingTheConsumer() throws Exception {
        Path fifo = dir.resolve(BAD);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        boolean made = mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0;
        assumeThat(made).as("mkfifo is available and works here").isTrue();
        assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();

        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            Future<?> consuming = background.submit(() -> {
                assertNextReceivedIsValidMessagePutAfter(queue);
                return null;
            });
            // Opening a FIFO for reading blocks until a writer comes: a bound shows it was never opened.
            consuming.get(30, TimeUnit.SECONDS);
        }
        assertThat(reasonOf(BAD).get("reason").asString()).contains("special file");
    }

    @Test
    void fileWithoutReadPermissionIsDeadLettered() throws Exception {
        Path file = RawMessages.write(dir, BAD, "\"unreadable\"");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeThat(Files.isReadable(file))
                .as("permission bits are enforced (not so for root, which runs this build: " + System.getProperty("user.name") + ")")
                .isFalse();
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            assertNextReceivedIsValidMessagePutAfter(queue);
        }
        assertDeadLettered("cannot be read", "AccessDeniedException");
    }

    static Stream<Arguments> pythonWrittenValues() {
        return Stream.of(
                Arguments.of("empty file for None", "", null),
                Arguments.of("ensure_ascii escapes", "{\"name\": \"M\\u00fcller \\u20ac\"}", Map.of("name", "Müller €")),
                Arguments.of("NaN", "{\"ratio\": NaN}", Map.of("ratio", Double.NaN)),
                Arguments.of("Infinity", "[Infinity, -Infinity]", List.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)),
                Arguments.of("top-level integer", "42", 42),
                Arguments.of("top-level float", "3.5", 3.5),
                Arguments.of("top-level string", "\"text\"", "text"),
                Arguments.of("top-level true", "true", true),
                Arguments.of("top-level null", "null", null),
                Arguments.of("Python separators", "{\"a\": [1, 2], \"b\": {\"c\": null}}", parse("{\"a\":[1,2],\"b\":{\"c\":null}}")),
                Arguments.of("surrogate pair escape", "\"\\ud83d\\ude00\"", "\uD83D\uDE00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pythonWrittenValues")
    void pythonWrittenValuesAreValid(String kind, String json, Object expected) throws Exception {
        RawMessages.write(dir, BAD, json);
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            ReceivedMessage message = queue.receive(LONG).orElseThrow();
            assertThat(message.metadata().name()).isEqualTo(BAD);
            assertThat(message.metadata().producerId()).isEqualTo(RawMessages.PYTHON_PRODUCER);
            assertThat(message.payload().as(Object.class)).isEqualTo(expected);
            assertThat(message.payload().isNull()).isEqualTo(expected == null);
            message.acknowledge();
        }
        assertThat(RawMessages.names(deadLetters(), "")).isEmpty();
    }

    /**
     * The check before a message is handed out reads as the application's mapper does: JSON that
     * its mapper allows (here single quotes) is a message, not a dead letter.
     */
    @Test
    void theCheckAllowsWhatTheApplicationsMapperAllows() throws Exception {
        RawMessages.write(dir, BAD, "{'sku': 'tea'}");
        JsonMapper lenient = JsonMapper.builder().enable(tools.jackson.core.json.JsonReadFeature.ALLOW_SINGLE_QUOTES).build();
        try (JsonDataQueue queue = JsonDataQueue.open(dir, QueueOptions.builder().jsonMapper(lenient).build())) {
            ReceivedMessage message = queue.receive(LONG).orElseThrow();
            assertThat(message.payload().as(Map.class)).isEqualTo(Map.of("sku", "tea"));
            message.acknowledge();
        }
        assertThat(RawMessages.names(deadLetters(), "")).isEmpty();
    }

    /**
     * Inputs that are odd but that the parser reads as one value: delivered, so that nothing a
     * peer meant as a message is dead-lettered on a technicality. What each one reads as is
     * pinned here, so that a change of Jackson's behaviour is noticed.
     */
    static Stream<Arguments> oddButReadable() {
        return Stream.of(
                // Jackson skips a UTF-8 byte-order mark at the start of the text (Python's json.loads would refuse it).
                Arguments.of("UTF-8 byte-order mark before the value",
                        bytes("", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "{\"a\": 1}"), Map.of("a", 1)),
                // Jackson detects UTF-16 from its byte-order mark; RFC 8259 asks for UTF-8 but allows a reader to accept it.
                Arguments.of("UTF-16 text with a byte-order mark", "{\"a\": 1}".getBytes(StandardCharsets.UTF_16), Map.of("a", 1)),
                // Python's json.dumps writes lone surrogates as escapes; the value is a Java string holding one.
                Arguments.of("lone surrogate escape", utf8("\"\\ud800\""), "\ud800"),
                // Both Jackson and Python's json keep the last of duplicate keys.
                Arguments.of("duplicate keys", utf8("{\"a\": 1, \"a\": 2}"), Map.of("a", 2)),
                Arguments.of("number beyond double range", utf8("1e999999"), Double.POSITIVE_INFINITY),
                Arguments.of("integer beyond long range", utf8("123456789012345678901234567890"),
                        new java.math.BigInteger("123456789012345678901234567890")),
                Arguments.of("escaped NUL in a string", utf8("\"a\\u0000b\""), "a\u0000b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oddButReadable")
    void oddButReadableMessageIsDeliveredAsTheParserReadsIt(String kind, byte[] content, Object expected) throws Exception {
        RawMessages.write(dir, BAD, content);
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            ReceivedMessage message = queue.receive(LONG).orElseThrow();
            assertThat(message.metadata().name()).isEqualTo(BAD);
            assertThat(message.payload().as(Object.class)).isEqualTo(expected);
            message.acknowledge();
            assertNextReceivedIsValidMessagePutAfter(queue);
        }
        assertThat(RawMessages.names(deadLetters(), "")).isEmpty();
    }

    @Test
    void severalBadMessagesInARowAreAllSetAsideAndTheConsumerGoesOn() throws Exception {
        List<String> bad = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            bad.add(RawMessages.write(dir, RawMessages.name(i), "{broken " + i).getFileName().toString());
        }
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            assertNextReceivedIsValidMessagePutAfter(queue);
            assertThat(queue.stats().deadLetters()).isEqualTo(5);
        }
        for (String name : bad) {
            assertThat(deadLetters().resolve(name)).exists();
            assertThat(deadLetters().resolve("reason-" + name + ".json")).exists();
        }
    }

    private void assertNextReceivedIsValidMessagePutAfter(JsonDataQueue queue) throws Exception {
        String valid = queue.put(Map.of("valid", true));
        ReceivedMessage message = queue.receive(LONG).orElseThrow(() -> new AssertionError("the consumer got stuck"));
        assertThat(message.metadata().name()).isEqualTo(valid);
        assertThat(message.payload().asNode().get("valid").asBoolean()).isTrue();
        message.acknowledge();
        assertThat(RawMessages.waiting(dir)).isEmpty();
    }

    private void assertDeadLettered(String... reasonFragments) throws Exception {
        assertThat(deadLetters().resolve(BAD)).exists();
        JsonNode reason = reasonOf(BAD);
        assertThat(reason.get("reason").asString()).contains(reasonFragments);
        assertThat(reason.get("message").asString()).isEqualTo(BAD);
        assertThat(reason.get("attempts").asInt()).isEqualTo(1);
    }

    private JsonNode reasonOf(String name) throws Exception {
        return readJson(deadLetters().resolve("reason-" + name + ".json"));
    }

    private Path deadLetters() {
        return dir.resolve(".ipsync/dead");
    }

    private static JsonNode readJson(Path file) throws Exception {
        return JsonMapper.builder().build().readTree(Files.readString(file));
    }

    private static Object parse(String json) {
        return JsonMapper.builder().build().readValue(json, Object.class);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String before, byte[] middle, String after) {
        byte[] head = utf8(before);
        byte[] tail = utf8(after);
        byte[] all = new byte[head.length + middle.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(middle, 0, all, head.length, middle.length);
        System.arraycopy(tail, 0, all, head.length + middle.length, tail.length);
        return all;
    }
}
