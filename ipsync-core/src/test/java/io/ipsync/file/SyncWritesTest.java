package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.DataEventOptions;
import io.ipsync.Event;
import io.ipsync.EventOptions;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.testing.RawMessages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code syncWrites} setting: off by default, carried from the file settings to the channels, and
 * with it on, queues, events and data events work as usual on a disk-backed directory (the
 * default temporary folder; the flushes themselves are the kernel's business, observable only by
 * pulling the plug).
 */
class SyncWritesTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void syncWritesIsOffByDefault() {
        assertThat(FileSettings.DEFAULTS.syncWrites()).isFalse();
    }

    @Test
    void syncWritesIsCarriedByTheBuilderAndShownInTheSettings() {
        FileSettings settings = FileSettings.builder().syncWrites(true).build();
        assertThat(settings.syncWrites()).isTrue();
        assertThat(settings.toBuilder().build().syncWrites()).as("toBuilder keeps it").isTrue();
        assertThat(settings.toBuilder().syncWrites(false).build().syncWrites()).isFalse();
        assertThat(settings.toString()).contains("syncWrites=true");
    }

    @Test
    void channelsForceTheirWritesExactlyWhenTheSettingSaysSo() throws Exception {
        FileSettings synced = FileSettings.builder().syncWrites(true).build();
        FileSettings unsynced = FileSettings.DEFAULTS;
        try (FileQueueChannel durable = FileQueueChannel.open(dir.resolve("durable"), QueueOptions.DEFAULTS, synced);
                FileQueueChannel plain = FileQueueChannel.open(dir.resolve("plain"), QueueOptions.DEFAULTS, unsynced)) {
            assertThat(durable.diskSync()).isSameAs(DiskSync.ON);
            assertThat(plain.diskSync()).isSameAs(DiskSync.OFF);
        }
        try (FileSignalChannel durable = FileSignalChannel.open(dir.resolve("a.event"), synced);
                FileSignalChannel plain = FileSignalChannel.open(dir.resolve("b.event"), unsynced)) {
            assertThat(durable.diskSync()).isSameAs(DiskSync.ON);
            assertThat(plain.diskSync()).isSameAs(DiskSync.OFF);
        }
        try (FileValueChannel durable = FileValueChannel.open(dir.resolve("a.json"), synced, 1024);
                FileValueChannel plain = FileValueChannel.open(dir.resolve("b.json"), unsynced, 1024)) {
            assertThat(durable.diskSync()).isSameAs(DiskSync.ON);
            assertThat(plain.diskSync()).isSameAs(DiskSync.OFF);
        }
    }

    @Test
    void aQueueWithSyncWritesPutsAndConsumesOnADiskBackedDirectory() throws Exception {
        Path queueDir = dir.resolve("orders");
        FileSettings durable = FileSettings.builder().syncWrites(true).build();
        List<String> names = new ArrayList<>();
        try (JsonDataQueue producer = JsonDataQueue.open(queueDir, QueueOptions.DEFAULTS, durable)) {
            for (int i = 0; i < 20; i++) {
                names.add(producer.put("order-" + i));
            }
            names.addAll(producer.putAll(List.of("order-20", "order-21")));
        }
        assertThat(RawMessages.waiting(queueDir)).as("on %s", Files.getFileStore(queueDir).type())
                .containsExactlyElementsOf(names);
        assertThat(RawMessages.names(queueDir, "tmp_")).isEmpty();
        assertThat(Files.readString(queueDir.resolve(names.get(0)), StandardCharsets.UTF_8)).isEqualTo("\"order-0\"");

        List<String> handled = new ArrayList<>();
        try (JsonDataQueue consumer = JsonDataQueue.open(queueDir, QueueOptions.DEFAULTS, durable)) {
            consumer.consume(Duration.ofMillis(200), message -> handled.add(message.payload().as(String.class)));
        }
        assertThat(handled).hasSize(22).startsWith("order-0", "order-1").endsWith("order-21");
    }

    @Test
    void anEventAndADataEventWithSyncWritesSignalAndPublishOnADiskBackedDirectory() throws Exception {
        FileSettings durable = FileSettings.builder().syncWrites(true).build();
        EventOptions eventOptions = EventOptions.builder().fireOnInit(false).build();
        DataEventOptions valueOptions = DataEventOptions.builder().fireOnInit(false).build();
        try (Event sender = Event.open(dir.resolve("reload.event"), eventOptions, durable);
                Event listener = Event.open(dir.resolve("reload.event"), eventOptions, durable);
                JsonDataEvent publisher = JsonDataEvent.open(dir.resolve("price.json"), valueOptions, durable);
                JsonDataEvent reader = JsonDataEvent.open(dir.resolve("price.json"), valueOptions, durable)) {
            sender.signal();
            assertThat(listener.await(LONG)).isTrue();
            sender.signal();
            assertThat(listener.await(LONG)).as("every signal moves the file on, also when forced").isTrue();

            publisher.signal(42);
            assertThat(reader.await(LONG).orElseThrow().as(Integer.class)).isEqualTo(42);
            publisher.signal(43);
            assertThat(reader.await(LONG).orElseThrow().as(Integer.class)).isEqualTo(43);
        }
        assertThat(RawMessages.names(dir, ".")).as("no temporary sibling is left").isEmpty();
    }
}
