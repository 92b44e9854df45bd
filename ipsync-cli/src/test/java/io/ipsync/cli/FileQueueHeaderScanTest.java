package io.ipsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import io.ipsync.ReceivedMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The header of every message of a file queue that is not gone, read as docs/on-disk-format.md lays the queue out. */
class FileQueueHeaderScanTest {

    @TempDir
    Path queue;

    @Test
    void readsWaitingClaimedAndRetriedMessagesAndSidecars() throws Exception {
        try (JsonDataQueue producer = JsonDataQueue.open(queue)) {
            producer.put("claimed", Map.of("origin", "a", "other", "x"));
            producer.put("retried", Map.of("origin", "b"));
            producer.put("waiting", Map.of("origin", "c"));
            producer.put("no headers");
            producer.put("other headers", Map.of("other", "y"));
        }
        // Where the file system keeps no extended attributes, the headers are in a sidecar.
        String sidecarOnly = "q_9999999999999999999_" + "S".repeat(31) + "H";
        Files.writeString(queue.resolve(sidecarOnly), "\"sidecar\"");
        Files.createDirectories(queue.resolve(".ipsync/headers"));
        Files.writeString(queue.resolve(".ipsync/headers").resolve(sidecarOnly), "{\"origin\":\"d\"}");
        // A Python producer's id may end with H by chance: no headers.
        Files.writeString(queue.resolve("q_9999999999999999998_" + "P".repeat(31) + "H"), "\"python\"");

        try (JsonDataQueue consumer = JsonDataQueue.open(queue)) {
            ReceivedMessage held = consumer.receive(Duration.ofSeconds(5)).orElseThrow();
            consumer.receive(Duration.ofSeconds(5)).orElseThrow().retry(new IllegalStateException("later"));
            assertThat(held.payload().text()).isEqualTo("\"claimed\"");

            assertThat(new FileQueueHeaderScan(queue).valuesOf("origin")).containsExactlyInAnyOrder("a", "b", "c", "d");
            assertThat(new FileQueueHeaderScan(queue).valuesOf("other")).containsExactlyInAnyOrder("x", "y");
        }
    }

    @Test
    void emptyOrNeverConsumedQueueHasNone(@TempDir Path empty) throws Exception {
        assertThat(new FileQueueHeaderScan(empty).valuesOf("origin")).isEmpty();
        assertThat(new FileQueueHeaderScan(empty.resolve("missing")).valuesOf("origin")).isEmpty();
    }
}
