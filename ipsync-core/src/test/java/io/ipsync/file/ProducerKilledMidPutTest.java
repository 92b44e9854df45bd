package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.QueueOptions;
import io.ipsync.spi.Claim;
import io.ipsync.testing.CheckedPayload;
import io.ipsync.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A producer process that dies in the middle of a put leaves nothing a consumer can see, only a
 * temporary file that consumers remove once it is older than the stale age; the temporary file
 * of a producer that is alive and writing is left alone.
 */
class ProducerKilledMidPutTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    private static final long SHORT_WAIT = TimeUnit.MILLISECONDS.toNanos(300);

    @TempDir
    Path dir;

    @Test
    void putCutShortByACrashShowsNothingAndItsTemporaryFileIsRemovedOnceOld() throws Exception {
        // Steps 1-2 put m0; step 3 writes m1's temporary file: the process ends half-way through.
        try (ChildJvm producer = ChildJvm.start("producer", PutMain.class, dir.toString(), "2", "3",
                FaultyFileSteps.Fault.HALT_HALFWAY.name())) {
            assertThat(producer.awaitExit(LONG)).isEqualTo(FaultyFileSteps.EXIT_CRASHED);
            assertThat(producer.linesStartingWith("put ")).singleElement().asString().startsWith("put m0 ");
        }
        Path temporary = singleTemporaryFile();
        assertThat(Files.size(temporary)).as("half a message").isPositive().isLessThan(PutMain.MESSAGE_SIZE);

        try (FileQueueChannel consumer = FileQueueChannel.open(dir, QueueOptions.DEFAULTS, FileSettings.DEFAULTS)) {
            Claim claim = consumer.claim(TimeUnit.SECONDS.toNanos(30));
            assertThat(CheckedPayload.parse(claim.content())).satisfies(payload -> {
                assertThat(payload.id()).isEqualTo("m0");
                assertThat(payload.isIntact()).isTrue();
            });
            consumer.acknowledge(claim);
            assertThat(consumer.claim(SHORT_WAIT)).as("the message cut short").isNull();
            assertThat(consumer.size()).isZero();
        }
        assertThat(temporary).as("young: it could belong to a live producer").exists();

        age(temporary);
        try (FileQueueChannel nextConsumer = FileQueueChannel.open(dir, QueueOptions.DEFAULTS, FileSettings.DEFAULTS)) {
            assertThat(nextConsumer.claim(0)).isNull();
        }
        assertThat(temporary).as("older than the stale age").doesNotExist();
        assertThat(names(dir)).containsExactly(".ipsync");
    }

    @Test
    void temporaryFileOfALiveProducerIsLeftAloneAndItsMessageArrivesWhole() throws Exception {
        try (ChildJvm producer = ChildJvm.start("producer", PutMain.class, dir.toString(), "1", "1",
                FaultyFileSteps.Fault.PAUSE_HALFWAY.name())) {
            producer.awaitLine("paused", LONG);
            Path temporary = singleTemporaryFile();
            long halfWritten = Files.size(temporary);

            // Every consumer sweeps when it first looks for a message.
            for (int consumer = 0; consumer < 3; consumer++) {
                try (FileQueueChannel channel = FileQueueChannel.open(dir, QueueOptions.DEFAULTS, FileSettings.DEFAULTS)) {
                    assertThat(channel.claim(SHORT_WAIT)).as("the message being written").isNull();
                }
            }
            assertThat(temporary).exists();
            assertThat(Files.size(temporary)).isEqualTo(halfWritten);

            producer.send("resume");
            assertThat(producer.awaitLineStartingWith("put m0 ", LONG)).isNotNull();
            producer.awaitSuccess(LONG);
        }
        try (FileQueueChannel consumer = FileQueueChannel.open(dir, QueueOptions.DEFAULTS, FileSettings.DEFAULTS)) {
            Claim claim = consumer.claim(TimeUnit.SECONDS.toNanos(30));
            CheckedPayload payload = CheckedPayload.parse(claim.content());
            assertThat(payload.id()).isEqualTo("m0");
            assertThat(payload.isIntact()).isTrue();
            assertThat(payload.padding()).hasSize(PutMain.MESSAGE_SIZE);
            consumer.acknowledge(claim);
        }
        assertThat(names(dir)).containsExactly(".ipsync");
    }

    @Test
    void producerStalledLongerThanTheStaleAgeLosesItsTemporaryFileAndItsPutFailsLoudly() throws Exception {
        try (ChildJvm producer = ChildJvm.start("producer", PutMain.class, dir.toString(), "1", "1",
                FaultyFileSteps.Fault.PAUSE_HALFWAY.name())) {
            producer.awaitLine("paused", LONG);
            Path temporary = singleTemporaryFile();
            age(temporary);
            try (FileQueueChannel consumer = FileQueueChannel.open(dir, QueueOptions.DEFAULTS, FileSettings.DEFAULTS)) {
                assertThat(consumer.claim(0)).isNull();
            }
            assertThat(temporary).doesNotExist();

            producer.send("resume");
            assertThat(producer.awaitLineStartingWith("failed m0 ", LONG)).contains("NoSuchFileException");
            producer.awaitSuccess(LONG);
            assertThat(producer.linesStartingWith("put ")).isEmpty();
        }
        try (FileQueueChannel consumer = FileQueueChannel.open(dir, QueueOptions.DEFAULTS, FileSettings.DEFAULTS)) {
            assertThat(consumer.claim(SHORT_WAIT)).isNull();
        }
        assertThat(names(dir)).containsExactly(".ipsync");
    }

    private Path singleTemporaryFile() throws IOException {
        assertThat(names(dir)).as("no temporary file at the top").noneMatch(name -> name.startsWith("tmp_"));
        Path incoming = dir.resolve(".ipsync/incoming");
        List<String> temporary = names(incoming).stream().filter(name -> name.startsWith("tmp_q_")).toList();
        assertThat(temporary).as("temporary files").hasSize(1);
        return incoming.resolve(temporary.get(0));
    }

    private static void age(Path temporary) throws IOException {
        Files.setLastModifiedTime(temporary,
                FileTime.from(Instant.now().minus(FileSettings.DEFAULT_STALE_TEMP_FILE_AGE).minusSeconds(60)));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
