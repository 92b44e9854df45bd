package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.BackOff;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.ReceivedMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file queue's header values, read over every message that is not gone without taking any. */
class HeaderScanTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path queue;

    @Test
    void readsWaitingClaimedRetriedAndDeadMessagesAndSidecarsButNothingGone() throws Exception {
        QueueOptions noBackOff = QueueOptions.builder().backOff(BackOff.fixed(Duration.ofHours(1))).build();
        try (JsonDataQueue producer = JsonDataQueue.open(queue)) {
            producer.put("claimed", Map.of("origin", "a", "other", "x"));
            producer.put("retried", Map.of("origin", "b"));
            producer.put("dead", Map.of("origin", "e"));
            producer.put("acknowledged", Map.of("origin", "gone"));
            producer.put("waiting", Map.of("origin", "c"));
            producer.put("no headers");
            producer.put("other headers", Map.of("other", "y"));
        }
        // Where the file system keeps no extended attributes, the headers are in a sidecar.
        String sidecarOnly = "q_1999999999999999999_" + "S".repeat(31) + "H";
        Files.writeString(queue.resolve(sidecarOnly), "\"sidecar\"");
        Files.createDirectories(queue.resolve(".ipsync/headers"));
        Files.writeString(queue.resolve(".ipsync/headers").resolve(sidecarOnly), "{\"origin\":\"d\"}");
        // A Python producer's id may end with H by chance: no headers.
        Files.writeString(queue.resolve("q_1999999999999999998_" + "P".repeat(31) + "H"), "\"python\"");

        try (JsonDataQueue consumer = JsonDataQueue.open(queue, noBackOff);
                FileQueueChannel channel = FileQueueChannel.open(queue, QueueOptions.DEFAULTS, FileSettings.DEFAULTS)) {
            ReceivedMessage held = consumer.receive(WAIT).orElseThrow();
            assertThat(held.payload().text()).isEqualTo("\"claimed\"");
            consumer.receive(WAIT).orElseThrow().retry(new IllegalStateException("later"));
            consumer.receive(WAIT).orElseThrow().deadLetter("by hand", null);
            consumer.receive(WAIT).orElseThrow().acknowledge();

            assertThat(channel.headerValues("origin")).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
            assertThat(channel.headerValues("other")).containsExactlyInAnyOrder("x", "y");
            assertThat(consumer.stats().waiting()).as("nothing was taken").isEqualTo(5);
        }
    }

    @Test
    void aMessageWhoseHeadersCannotBeReadIsSkippedNotFatal() throws Exception {
        try (JsonDataQueue producer = JsonDataQueue.open(queue)) {
            producer.put("readable", Map.of("origin", "a"));
        }
        Path forged = queue.resolve("q_1733580000000000000_abcdefghijklmnopqrstuvwxyzABCDEH");
        Files.writeString(forged, "1");
        java.nio.file.Files.getFileAttributeView(forged, java.nio.file.attribute.UserDefinedFileAttributeView.class)
                .write(FileHeaders.ATTRIBUTE, java.nio.ByteBuffer.wrap("not json".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try (FileQueueChannel channel = FileQueueChannel.open(queue, QueueOptions.DEFAULTS, FileSettings.DEFAULTS)) {
            assertThat(channel.headerValues("origin")).containsExactly("a");
        }
    }

    @Test
    void anEmptyQueueHasNone() throws Exception {
        try (FileQueueChannel channel = FileQueueChannel.open(queue, QueueOptions.DEFAULTS, FileSettings.DEFAULTS)) {
            assertThat(channel.headerValues("origin")).isEmpty();
        }
    }
}
