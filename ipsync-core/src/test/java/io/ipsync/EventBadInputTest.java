package io.ipsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.file.FileSettings;
import io.ipsync.listener.ContainerOptions;
import io.ipsync.listener.ListenerContainer;
import io.ipsync.listener.ListenerContainers;
import io.ipsync.listener.ListenerFailure;
import io.ipsync.testing.StandardErrorCapture;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input for the listeners of events and data events: the file replaced by a folder, and a
 * data-event file rewritten in place by a writer that does not replace it atomically. The
 * listener says what is wrong, naming the file, keeps running, and recovers when a proper file is
 * back; a partial value is never delivered as a valid one.
 */
class EventBadInputTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private static final Duration QUICK_POLL = Duration.ofMillis(50);

    private static final FileSettings QUICK_POLL_SETTINGS = FileSettings.builder().pollInterval(QUICK_POLL).build();

    @TempDir
    Path dir;

    @Test
    void eventFileReplacedByAFolderIsReportedAndTheListenerWakesAgainOnceAFileIsBack() throws Exception {
        Path file = dir.resolve("reload.event");
        BlockingQueue<String> wakeUps = new LinkedBlockingQueue<>();
        EventOptions options = EventOptions.builder().fireOnInit(false).build();
        try (StandardErrorCapture log = new StandardErrorCapture(); Event signaller = Event.open(file);
                Event listening = Event.open(file, options, QUICK_POLL_SETTINGS)) {
            ListenerContainer container = ListenerContainers.forEvent(listening, () -> wakeUps.add("wake"),
                    ContainerOptions.builder("reload").build());
            container.start();
            try {
                signaller.signal();
                assertThat(wakeUps.poll(30, TimeUnit.SECONDS)).isEqualTo("wake");

                Files.delete(file);
                Files.createDirectory(file);
                await().atMost(LONG).untilAsserted(() -> assertThat(log.text())
                        .contains("WARN").contains(file + " is not a regular file"));
                assertThat(container.isRunning()).isTrue();

                Files.delete(file);
                signaller.signal();
                assertThat(wakeUps.poll(30, TimeUnit.SECONDS)).as("woken once a file is back").isEqualTo("wake");
            } finally {
                container.stop();
            }
        }
    }

    @Test
    void signallingWhileAFolderIsInPlaceOfTheEventFileFailsNamingTheFile() throws Exception {
        Path file = Files.createDirectory(dir.resolve("reload.event"));
        try (Event signaller = Event.open(file)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(signaller::signal)
                    .isInstanceOf(IpsyncException.class)
                    .hasMessageContaining("Cannot signal the event " + file);
        }
        assertThat(file).as("the folder is not replaced").isDirectory();
    }

    @Test
    void dataEventFileReplacedByAFolderIsReportedAndTheListenerGetsTheNextValue() throws Exception {
        Path file = dir.resolve("settings.json");
        BlockingQueue<Object> values = new LinkedBlockingQueue<>();
        DataEventOptions options = DataEventOptions.builder().fireOnInit(false).build();
        try (StandardErrorCapture log = new StandardErrorCapture(); JsonDataEvent publisher = JsonDataEvent.open(file);
                JsonDataEvent listening = JsonDataEvent.open(file, options, QUICK_POLL_SETTINGS)) {
            ListenerContainer container = ListenerContainers.forDataEvent(listening,
                    value -> values.add(value.as(Object.class)), ContainerOptions.builder("settings").build());
            container.start();
            try {
                publisher.signal(1);
                assertThat(values.poll(30, TimeUnit.SECONDS)).isEqualTo(1);

                Files.delete(file);
                Files.createDirectory(file);
                await().atMost(LONG).untilAsserted(() -> assertThat(log.text())
                        .contains("WARN").contains(file + " is not a regular file"));

                Files.delete(file);
                publisher.signal(2);
                assertThat(values.poll(30, TimeUnit.SECONDS)).as("the next value once a file is back").isEqualTo(2);
                assertThat(values).isEmpty();
            } finally {
                container.stop();
            }
        }
    }

    /**
     * jk_interprocesssync and ipsync both replace the file by a rename, so a reader never sees a
     * partial value from them. A writer that rewrites the file in place (truncate, then write in
     * pieces) can be caught half-way: the half is not JSON, is reported as malformed (naming the
     * file) and never delivered, and the whole value is delivered once it is written.
     */
    @Test
    void dataEventFileRewrittenInPlaceIsNeverDeliveredHalfWritten() throws Exception {
        Path file = dir.resolve("settings.json");
        Files.writeString(file, "{\"version\": 1, \"currency\": \"EUR\"}");
        BlockingQueue<Object> values = new LinkedBlockingQueue<>();
        BlockingQueue<ListenerFailure> failures = new LinkedBlockingQueue<>();
        DataEventOptions options = DataEventOptions.builder().fireOnInit(false).build();
        try (JsonDataEvent listening = JsonDataEvent.open(file, options, QUICK_POLL_SETTINGS);
                FileChannel writer = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ListenerContainer container = ListenerContainers.forDataEvent(listening,
                    value -> values.add(value.asNode().toString()),
                    ContainerOptions.builder("settings").errorHandler(failures::add).recoveryInterval(QUICK_POLL).build());
            container.start();
            try {
                writer.truncate(0);
                writer.write(ByteBuffer.wrap("{\"version\": 2, \"curr".getBytes(StandardCharsets.UTF_8)));
                ListenerFailure failure = failures.poll(30, TimeUnit.SECONDS);
                assertThat(failure).as("the half-written value is reported").isNotNull();
                assertThat(failure.error()).isInstanceOf(MalformedJsonException.class).hasMessageContaining(file.toString());
                // The instant between the truncate and the first write is an empty file, which is
                // jk_interprocesssync's null: a reader that looks just then reads null (a documented limit).
                assertThat(values).as("nothing delivered from the half").allMatch("null"::equals);

                writer.write(ByteBuffer.wrap("ency\": \"CHF\"}".getBytes(StandardCharsets.UTF_8)));
                Object next = values.poll(30, TimeUnit.SECONDS);
                while ("null".equals(next)) {
                    next = values.poll(30, TimeUnit.SECONDS);
                }
                assertThat(next).isEqualTo("{\"version\":2,\"currency\":\"CHF\"}");
                assertThat(container.isRunning()).isTrue();
            } finally {
                container.stop();
            }
        }
        assertThat(values).isEmpty();
    }
}
