package io.ipsync.file.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.MessageTooLargeException;
import io.ipsync.QueueOptions;
import io.ipsync.file.FileSettings;
import io.ipsync.spi.Claim;
import io.ipsync.testing.ChildJvm;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segments roll at their size and go once settled; messages up to a segment's room, larger than
 * the space left in one, travel whole; the backlog is bounded; files that are not what ipsync wrote
 * are errors naming them, found before they are mapped.
 */
class JournalStorageTest {

    private static final FileSettings SMALL_SEGMENTS = FileSettings.builder().journalSegmentSize(64 * 1024).build();

    private static final QueueOptions OPTIONS = QueueOptions.builder().layout("journal").maxMessageSize(40_000)
            .reclaimInterval(Duration.ofMillis(100)).build();

    @TempDir
    Path dir;

    private JournalQueueChannel open(Path queue, FileSettings settings) throws Exception {
        return JournalQueueChannel.open(queue, OPTIONS, settings);
    }

    private static byte[] json(int n, int size) {
        String text = "\"" + n + "-" + "x".repeat(size) + "\"";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static long segments(Path queue) throws Exception {
        try (Stream<Path> files = Files.list(queue.resolve("journal"))) {
            return files.filter(file -> file.getFileName().toString().startsWith("main-")).count();
        }
    }

    @Test
    void segmentsRollAtTheirSizeCarryMessagesLargerThanTheSpaceLeftAndAreDeletedOnceSettled() throws Exception {
        Path queue = dir.resolve("roll");
        try (JournalQueueChannel channel = open(queue, SMALL_SEGMENTS)) {
            for (int i = 0; i < 40; i++) {
                channel.put(json(i, i % 2 == 0 ? 30_000 : 1_000));
            }
            assertThat(segments(queue)).as("segments of 64 KiB holding 40 messages of 30 KiB and 1 KiB").isGreaterThan(10);
            assertThat(channel.journalStats().segmentBytes()).isEqualTo(channel.journalStats().segments() * 64 * 1024);
            for (int i = 0; i < 40; i++) {
                Claim claim = channel.claim(TimeUnit.SECONDS.toNanos(10));
                assertThat(new String(claim.content(), StandardCharsets.UTF_8)).startsWith("\"" + i + "-")
                        .hasSize((i % 2 == 0 ? 30_000 : 1_000) + 3 + Integer.toString(i).length());
                channel.acknowledge(claim);
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                channel.claim(TimeUnit.MILLISECONDS.toNanos(50));
                return segments(queue) <= 2;
            });
            assertThat(channel.stats().waiting()).isZero();
        }
    }

    @Test
    void aMessageNoSegmentHoldsIsRefusedAtPutNamingTheQueue() throws Exception {
        Path queue = dir.resolve("too-large");
        try (JournalQueueChannel channel = open(queue, SMALL_SEGMENTS)) {
            assertThatThrownBy(() -> channel.put(json(1, 70_000))).isInstanceOf(MessageTooLargeException.class)
                    .hasMessageContaining(queue.toString()).hasMessageContaining("does not fit a segment");
            assertThat(channel.size()).isZero();
        }
    }

    @Test
    void aFullQueueMakesProducersWaitThenFailWithANamedExceptionAndTakesPutsAgainOnceDrained() throws Exception {
        Path queue = dir.resolve("full");
        FileSettings bounded = SMALL_SEGMENTS.toBuilder().journalMaxBacklog(200 * 1024)
                .journalFullTimeout(Duration.ofMillis(200)).build();
        try (JournalQueueChannel channel = open(queue, bounded)) {
            int put = 0;
            try {
                while (put < 1000) {
                    channel.put(json(put, 10_000));
                    put++;
                }
            } catch (JournalFullException full) {
                assertThat(full).hasMessageContaining(queue.toString()).hasMessageContaining("journalMaxBacklog");
            }
            assertThat(put).as("messages of 10 KiB under a bound of 200 KiB").isBetween(10, 20);
            for (int i = 0; i < put; i++) {
                channel.acknowledge(channel.claim(TimeUnit.SECONDS.toNanos(10)));
            }
            channel.put(json(put, 10_000));
            assertThat(channel.size()).isEqualTo(1);
        }
    }

    @Test
    void aTruncatedSegmentIsAnErrorNamingItFoundBeforeItIsMapped() throws Exception {
        Path queue = dir.resolve("truncated");
        try (JournalQueueChannel channel = open(queue, SMALL_SEGMENTS)) {
            channel.put(json(1, 10));
        }
        Path segment = queue.resolve("journal/main-0000000000000000.seg");
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(4096);
        }
        try (JournalQueueChannel channel = open(queue, SMALL_SEGMENTS)) {
            assertThatThrownBy(() -> channel.claim(0)).isInstanceOf(JournalCorruptException.class)
                    .hasMessageContaining(segment.toString()).hasMessageContaining("truncated");
        }
    }

    /**
     * A segment truncated after a consumer mapped it: reading it faults (SIGBUS), which the JVM
     * reports as an InternalError in the thread that read; the claim turns it into an error that
     * names the journal, and the process lives on. In a child JVM, should a JVM not survive it.
     */
    @Test
    void aSegmentTruncatedWhileMappedIsAnErrorNamingTheJournalAndTheProcessLivesOn() throws Exception {
        Path queue = dir.resolve("truncated-while-mapped");
        try (ChildJvm child = ChildJvm.start("truncated", JournalChildMain.class, "truncated", queue.toString(), "20")) {
            child.awaitLine("mapped", Duration.ofMinutes(1));
            try (Stream<Path> segments = Files.list(queue.resolve("journal"))) {
                for (Path segment : segments.filter(file -> file.getFileName().toString().startsWith("main-")).toList()) {
                    try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
                        file.setLength(0);
                    }
                }
            }
            child.send("claim");

            String outcome = child.awaitLineStartingWith("outcome", Duration.ofMinutes(1));
            assertThat(outcome).contains(JournalCorruptException.class.getName(), queue.resolve("journal").toString(),
                    "truncated while it was mapped");
            assertThat(child.awaitExit(Duration.ofMinutes(1))).as(child.stderr()).isZero();
        }
    }

    @Test
    void aCorruptedFrameIsAnErrorNamingTheSegment() throws Exception {
        Path queue = dir.resolve("corrupted");
        try (JournalQueueChannel channel = open(queue, SMALL_SEGMENTS)) {
            channel.put(json(1, 10));
        }
        Path segment = queue.resolve("journal/main-0000000000000000.seg");
        try (FileChannel file = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, 12_345), JournalFormat.SEGMENT_HEADER);
        }
        try (JournalQueueChannel channel = open(queue, SMALL_SEGMENTS)) {
            assertThatThrownBy(() -> channel.claim(0)).isInstanceOf(JournalCorruptException.class)
                    .hasMessageContaining(segment.toString()).hasMessageContaining("corrupted");
        }
    }

    @Test
    void aSegmentReplacedByASymbolicLinkIsRefusedNamingIt() throws Exception {
        Path queue = dir.resolve("linked");
        try (JournalQueueChannel channel = open(queue, SMALL_SEGMENTS)) {
            channel.put(json(1, 10));
        }
        Path segment = queue.resolve("journal/main-0000000000000000.seg");
        Path elsewhere = Files.move(segment, dir.resolve("elsewhere.seg"));
        Files.createSymbolicLink(segment, elsewhere);
        try (JournalQueueChannel channel = open(queue, SMALL_SEGMENTS)) {
            assertThatThrownBy(() -> channel.claim(0)).isInstanceOf(JournalCorruptException.class)
                    .hasMessageContaining(segment.toString()).hasMessageContaining("symbolic link");
        }
    }

    @Test
    void aMetaFileOfANewerFormatVersionIsRefusedNamingItAndLeftAsItIs() throws Exception {
        Path queue = dir.resolve("newer");
        open(queue, SMALL_SEGMENTS).close();
        Path meta = queue.resolve("journal/meta");
        try (FileChannel file = FileChannel.open(meta, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, JournalFormat.VERSION + 1),
                    JournalFormat.META_VERSION_AT);
        }
        byte[] before = Files.readAllBytes(meta);
        assertThatThrownBy(() -> open(queue, SMALL_SEGMENTS)).isInstanceOf(JournalCorruptException.class)
                .hasMessageContaining(meta.toString()).hasMessageContaining("newer");
        assertThat(Files.readAllBytes(meta)).isEqualTo(before);
    }

    @Test
    void aProducerStalledBetweenReserveAndCommitHoldsOthersUpOnlyUntilTheUnblockerSkipsItsFrameAndLosesNothing()
            throws Exception {
        Path queue = dir.resolve("stalled");
        java.util.concurrent.CountDownLatch reserved = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch resume = new java.util.concurrent.CountDownLatch(1);
        Thread stalled = new Thread(() -> {
            try (JournalQueueChannel producer = open(queue, SMALL_SEGMENTS)) {
                CrashPoints.hook = point -> {
                    if (point.equals("reserved main") && Thread.currentThread().getName().equals("stalled-producer")) {
                        reserved.countDown();
                        try {
                            resume.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                };
                producer.put("\"stalled\"".getBytes(StandardCharsets.UTF_8));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "stalled-producer");
        try {
            open(queue, SMALL_SEGMENTS).close();
            stalled.start();
            assertThat(reserved.await(10, TimeUnit.SECONDS)).isTrue();
            try (JournalQueueChannel channel = open(queue, SMALL_SEGMENTS)) {
                channel.put("\"after\"".getBytes(StandardCharsets.UTF_8));
                Claim after = channel.claim(TimeUnit.SECONDS.toNanos(10));
                assertThat(after).as("taken once the stalled frame was skipped").isNotNull();
                assertThat(new String(after.content(), StandardCharsets.UTF_8)).isEqualTo("\"after\"");
                channel.acknowledge(after);
                resume.countDown();
                stalled.join(10_000);
                Claim late = channel.claim(TimeUnit.SECONDS.toNanos(10));
                assertThat(new String(late.content(), StandardCharsets.UTF_8)).as("stored again once it went on")
                        .isEqualTo("\"stalled\"");
                channel.acknowledge(late);
                assertThat(channel.claim(0)).isNull();
            }
        } finally {
            CrashPoints.hook = null;
            resume.countDown();
        }
    }

    @Test
    void retriesKeepTheirAttemptsAndDueTimesAcrossRestarts() throws Exception {
        Path queue = dir.resolve("restart");
        try (JournalQueueChannel channel = open(queue, SMALL_SEGMENTS)) {
            channel.put(json(1, 10), java.util.Map.of("k", "v"));
            Claim first = channel.claim(TimeUnit.SECONDS.toNanos(10));
            channel.retryLater(first, java.time.Instant.now().plusMillis(300));
        }
        try (JournalQueueChannel channel = open(queue, SMALL_SEGMENTS)) {
            assertThat(channel.stats().scheduledRetries()).isEqualTo(1);
            Claim second = channel.claim(TimeUnit.SECONDS.toNanos(10));
            assertThat(second.attempt()).isEqualTo(2);
            assertThat(second.headers()).containsEntry("k", "v");
            assertThat(List.of(second.messageId())).containsExactly(Frames.id(JournalFormat.position(0, 64)));
            channel.acknowledge(second);
        }
    }
}
