package io.ipsync.file.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.ChannelAddress;
import io.ipsync.FileSharing;
import io.ipsync.QueueOptions;
import io.ipsync.file.FileQueueChannel;
import io.ipsync.file.FileSettings;
import io.ipsync.file.FileTransport;
import io.ipsync.file.UnsafeDirectoryException;
import io.ipsync.spi.QueueChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queue's layout is chosen when it is created and detected when it is opened; asking for the
 * other one fails naming the directory. Journal files are private, or group-shared on request, and
 * a directory another user could replace is refused.
 */
class JournalLayoutTest {

    private static final QueueOptions JOURNAL = QueueOptions.builder().layout(FileTransport.JOURNAL_LAYOUT).build();

    private static final FileSettings SMALL = FileSettings.builder().journalSegmentSize(32L * 1024 * 1024).build();

    @TempDir
    Path dir;

    private QueueChannel open(Path queue, QueueOptions options) throws Exception {
        return FileTransport.INSTANCE.openQueue(ChannelAddress.file(queue, SMALL), options);
    }

    @Test
    void aNewQueueIsFilesUnlessAJournalIsAskedForAndAnExistingOneOpensAsItIs() throws Exception {
        try (QueueChannel files = open(dir.resolve("files"), QueueOptions.DEFAULTS)) {
            assertThat(files).isInstanceOf(FileQueueChannel.class);
            files.put("1".getBytes(StandardCharsets.UTF_8));
        }
        try (QueueChannel journal = open(dir.resolve("journal"), JOURNAL)) {
            assertThat(journal).isInstanceOf(JournalQueueChannel.class);
            journal.put("2".getBytes(StandardCharsets.UTF_8));
        }
        try (QueueChannel files = open(dir.resolve("files"), QueueOptions.DEFAULTS);
                QueueChannel journal = open(dir.resolve("journal"), QueueOptions.DEFAULTS)) {
            assertThat(files).isInstanceOf(FileQueueChannel.class);
            assertThat(journal).isInstanceOf(JournalQueueChannel.class);
            assertThat(new String(journal.claim(0).content(), StandardCharsets.UTF_8)).isEqualTo("2");
        }
    }

    @Test
    void askingForTheOtherLayoutFailsNamingTheDirectory() throws Exception {
        Path journal = dir.resolve("journal");
        Path files = dir.resolve("files");
        open(journal, JOURNAL).close();
        try (QueueChannel channel = open(files, QueueOptions.DEFAULTS)) {
            channel.put("1".getBytes(StandardCharsets.UTF_8));
        }
        QueueOptions asFiles = QueueOptions.builder().layout(FileTransport.FILES_LAYOUT).build();
        assertThatThrownBy(() -> open(journal, asFiles)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(journal.toString()).hasMessageContaining("'journal', not the 'files'");
        assertThatThrownBy(() -> open(files, JOURNAL)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(files.toString()).hasMessageContaining("'files', not the 'journal'");
        assertThatThrownBy(() -> open(dir.resolve("other"), QueueOptions.builder().layout("ring").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no queue layout 'ring'");
    }

    @Test
    void messageFilesDroppedIntoAJournalAreCountedNeverTaken() throws Exception {
        Path queue = dir.resolve("journal");
        open(queue, JOURNAL).close();
        Files.writeString(queue.resolve("q_1700000000000000000_python"), "\"from python\"");
        try (JournalQueueChannel channel = (JournalQueueChannel) open(queue, QueueOptions.DEFAULTS)) {
            assertThat(channel.journalStats().strayMessageFiles()).isEqualTo(1);
            assertThat(channel.claim(0)).isNull();
        }
    }

    @Test
    void journalFilesArePrivateByDefaultAndGroupSharedOnRequest() throws Exception {
        Path privateQueue = dir.resolve("private");
        try (QueueChannel channel = open(privateQueue, JOURNAL)) {
            channel.put("1".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateQueue.resolve("journal/meta"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                privateQueue.resolve("journal/main-0000000000000000.seg")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateQueue.resolve("journal"))))
                .isEqualTo("rwx------");

        Path sharedQueue = dir.resolve("shared");
        FileSettings group = SMALL.toBuilder().sharing(FileSharing.GROUP).build();
        try (QueueChannel channel = FileTransport.INSTANCE.openQueue(ChannelAddress.file(sharedQueue, group), JOURNAL)) {
            channel.put("1".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sharedQueue.resolve("journal/meta"))))
                .startsWith("rw-rw-");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sharedQueue.resolve("journal/lock"))))
                .startsWith("rw-rw-");
    }

    @Test
    void aDirectoryOtherUsersCouldReplaceIsRefused() throws Exception {
        Path open = Files.createDirectory(dir.resolve("world-writable"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> open(open.resolve("queue"), JOURNAL)).isInstanceOf(UnsafeDirectoryException.class)
                .hasMessageContaining(open.toString());
    }

    @Test
    void aMaximumMessageSizeThatNoSegmentHoldsIsRefusedAtOpen() throws Exception {
        FileSettings tiny = FileSettings.builder().journalSegmentSize(64 * 1024).build();
        Path queue = dir.resolve("tiny");
        assertThatThrownBy(() -> FileTransport.INSTANCE.openQueue(ChannelAddress.file(queue, tiny), JOURNAL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(queue.toString())
                .hasMessageContaining("65536").hasMessageContaining("maxMessageSize");
    }
}
