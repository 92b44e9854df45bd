package io.ipsync.file.journal;

import static io.ipsync.file.journal.JournalFormat.DEFAULT_SLOTS;
import static io.ipsync.file.journal.JournalFormat.MAIN_CURSOR_AT;
import static io.ipsync.file.journal.JournalFormat.MAIN_LOW_WATER_AT;
import static io.ipsync.file.journal.JournalFormat.MAIN_TAIL_AT;
import static io.ipsync.file.journal.JournalFormat.META_CREATED_AT;
import static io.ipsync.file.journal.JournalFormat.META_MAGIC;
import static io.ipsync.file.journal.JournalFormat.META_MAGIC_AT;
import static io.ipsync.file.journal.JournalFormat.META_SEGMENT_SIZE_AT;
import static io.ipsync.file.journal.JournalFormat.META_SLOTS_AT;
import static io.ipsync.file.journal.JournalFormat.META_VERSION_AT;
import static io.ipsync.file.journal.JournalFormat.RETRY_LOW_WATER_AT;
import static io.ipsync.file.journal.JournalFormat.RETRY_TAIL_AT;
import static io.ipsync.file.journal.JournalFormat.SEGMENT_HEADER;
import static io.ipsync.file.journal.JournalFormat.SLOT_SIZE;
import static io.ipsync.file.journal.JournalFormat.SLOT_TABLE_AT;
import static io.ipsync.file.journal.JournalFormat.VERSION;

import io.ipsync.file.FileSettings;
import io.ipsync.file.JournalHost;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The journal's {@code meta} file, mapped: format, segment size, the tails, cursor and low-water
 * marks of the two chains, and the slot table. Created whole under a temporary name and published
 * with a hard link (never replacing one there), so an opener sees either no meta file or a
 * complete one. Checked before it is mapped: a regular file of the right size, the magic number,
 * and a format version this ipsync reads.
 */
final class Meta {

    final Path file;

    final ByteBuffer buffer;

    final int segmentSize;

    final int slots;

    private Meta(Path file, ByteBuffer buffer) {
        this.file = file;
        this.buffer = buffer;
        this.segmentSize = (int) buffer.getLong(META_SEGMENT_SIZE_AT);
        this.slots = buffer.getInt(META_SLOTS_AT);
    }

    static int fileSize(int slots) {
        return SLOT_TABLE_AT + slots * SLOT_SIZE;
    }

    /** Opens the meta file in {@code folder}, creating it with the settings' segment size where there is none. */
    static Meta openOrCreate(JournalHost host, Path folder, FileSettings settings) throws IOException {
        Path file = folder.resolve("meta");
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            create(host, folder, file, (int) settings.journalSegmentSize());
        }
        return open(file);
    }

    private static void create(JournalHost host, Path folder, Path file, int segmentSize) throws IOException {
        Path temp = folder.resolve(".meta." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        ByteBuffer content = ByteBuffer.allocate(fileSize(DEFAULT_SLOTS)).order(ByteOrder.nativeOrder());
        content.putLong(META_MAGIC_AT, META_MAGIC).putInt(META_VERSION_AT, VERSION).putInt(META_SLOTS_AT, DEFAULT_SLOTS)
                .putLong(META_SEGMENT_SIZE_AT, segmentSize).putLong(META_CREATED_AT, System.currentTimeMillis());
        long start = JournalFormat.position(0, SEGMENT_HEADER);
        content.putLong(MAIN_TAIL_AT, start).putLong(MAIN_CURSOR_AT, start).putLong(MAIN_LOW_WATER_AT, start)
                .putLong(RETRY_TAIL_AT, start).putLong(RETRY_LOW_WATER_AT, start);
        Segments.createWhole(host, temp, file, channel -> {
            while (content.hasRemaining()) {
                channel.write(content);
            }
        });
    }

    /** Opens and checks an existing meta file. */
    static Meta open(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            throw new JournalCorruptException(file, "not a regular file (a link or something else); a journal's meta"
                    + " file must be one ipsync created");
        }
        if (attributes.size() < SLOT_TABLE_AT) {
            throw new JournalCorruptException(file, "holds " + attributes.size() + " bytes, too few for a journal's meta"
                    + " file (truncated)");
        }
        MappedByteBuffer map;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer head = ByteBuffer.allocate(SLOT_TABLE_AT).order(ByteOrder.nativeOrder());
            Segments.uninterruptibly(() -> channel.read(head, 0));
            check(file, head, attributes.size());
            int size = fileSize(head.getInt(META_SLOTS_AT));
            map = Segments.uninterruptibly(() -> channel.map(FileChannel.MapMode.READ_WRITE, 0, size));
        }
        map.order(ByteOrder.nativeOrder());
        return new Meta(file, map);
    }

    private static void check(Path file, ByteBuffer head, long fileSize) throws JournalCorruptException {
        if (head.getLong(META_MAGIC_AT) != META_MAGIC) {
            throw new JournalCorruptException(file, "does not start with the journal's magic number (corrupted, or not"
                    + " a journal)");
        }
        int version = head.getInt(META_VERSION_AT);
        if (version > VERSION) {
            throw new JournalCorruptException(file, "was written in journal format version " + version + " by a newer"
                    + " ipsync; this one reads up to version " + VERSION + ": open the queue with the newer version");
        }
        int slots = head.getInt(META_SLOTS_AT);
        long segmentSize = head.getLong(META_SEGMENT_SIZE_AT);
        if (slots < 1 || slots > 4096 || fileSize < fileSize(slots)) {
            throw new JournalCorruptException(file, "names " + slots + " slots in " + fileSize + " bytes (corrupted or"
                    + " truncated)");
        }
        if (segmentSize < FileSettings.MIN_JOURNAL_SEGMENT_SIZE || segmentSize > FileSettings.MAX_JOURNAL_SEGMENT_SIZE
                || segmentSize % 4096 != 0) {
            throw new JournalCorruptException(file, "names a segment size of " + segmentSize + " bytes (corrupted)");
        }
    }

    int slotAt(int slot) {
        return SLOT_TABLE_AT + slot * SLOT_SIZE;
    }
}
