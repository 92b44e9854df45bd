package io.ipsync.file.journal;

import static io.ipsync.file.journal.JournalFormat.SEGMENT_HEADER;
import static io.ipsync.file.journal.JournalFormat.SEGMENT_ID_AT;
import static io.ipsync.file.journal.JournalFormat.SEGMENT_MAGIC;
import static io.ipsync.file.journal.JournalFormat.SEGMENT_MAGIC_AT;
import static io.ipsync.file.journal.JournalFormat.SEGMENT_SIZE_AT;
import static io.ipsync.file.journal.JournalFormat.SEGMENT_VERSION_AT;
import static io.ipsync.file.journal.JournalFormat.VERSION;

import io.ipsync.file.JournalHost;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The segment files of one chain ({@code main-<16 hex>.seg}, {@code retry-<16 hex>.seg}), mapped
 * on first use and kept mapped while this channel is open.
 *
 * <p>A segment is created whole under a temporary name (its size set, its header written) and
 * published with a hard link, which never replaces a file: a half-made segment is never seen, and
 * of two processes creating the same one, one wins and the other uses it. Before a segment is
 * mapped its type (a regular file, never a link), size, magic, version and id are checked, so a
 * truncated or foreign file is an error naming it, never a fault on a later read. A segment is
 * deleted once every frame in it is settled; mappings of it that processes still hold stay valid
 * (POSIX) and are let go with the buffer, by the garbage collector: never unmapped by hand, so no
 * access can ever touch unmapped memory.
 */
final class Segments {

    private final JournalHost host;

    private final Path folder;

    private final String prefix;

    private final int size;

    private final Map<Long, ByteBuffer> mapped = new ConcurrentHashMap<>();

    /** The segment mapped last, looked at before the map: nearly every access is to the segment of the one before. */
    private volatile Mapped last = new Mapped(-1, null);

    private record Mapped(long segment, ByteBuffer buffer) {
    }

    Segments(JournalHost host, Path folder, String prefix, int size) {
        this.host = host;
        this.folder = folder;
        this.prefix = prefix;
        this.size = size;
    }

    int size() {
        return size;
    }

    Path file(long segment) {
        return folder.resolve(String.format("%s-%016x.seg", prefix, segment));
    }

    /**
     * The mapped segment.
     *
     * @throws NoSuchFileException when it is not there (deleted once settled, or never created)
     * @throws JournalCorruptException when the file is not a whole segment of this chain
     */
    ByteBuffer map(long segment) throws IOException {
        Mapped recent = last;
        if (recent.segment() == segment) {
            return recent.buffer();
        }
        ByteBuffer buffer = mapped.get(segment);
        if (buffer != null) {
            last = new Mapped(segment, buffer);
            return buffer;
        }
        Path file = file(segment);
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            throw new JournalCorruptException(file, "not a regular file but "
                    + (attributes.isSymbolicLink() ? "a symbolic link (never followed)" : "something else")
                    + "; a journal segment must be a file ipsync created");
        }
        if (attributes.size() != size) {
            throw new JournalCorruptException(file, "holds " + attributes.size() + " bytes but a segment of this journal"
                    + " holds " + size + " (truncated or not a segment); not mapped");
        }
        MappedByteBuffer map;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            map = uninterruptibly(() -> channel.map(FileChannel.MapMode.READ_WRITE, 0, size));
        }
        map.order(ByteOrder.nativeOrder());
        check(file, map, segment);
        ByteBuffer raced = mapped.putIfAbsent(segment, map);
        return raced != null ? raced : map;
    }

    private void check(Path file, ByteBuffer map, long segment) throws JournalCorruptException {
        if (map.getLong(SEGMENT_MAGIC_AT) != SEGMENT_MAGIC) {
            throw new JournalCorruptException(file, "does not start with the journal segment magic number (corrupted, or"
                    + " not a segment)");
        }
        int version = map.getInt(SEGMENT_VERSION_AT);
        if (version > VERSION) {
            throw new JournalCorruptException(file, "was written in journal format version " + version
                    + " by a newer ipsync; this one reads up to version " + VERSION);
        }
        if (map.getLong(SEGMENT_ID_AT) != segment || map.getLong(SEGMENT_SIZE_AT) != size) {
            throw new JournalCorruptException(file, "names segment " + map.getLong(SEGMENT_ID_AT) + " of "
                    + map.getLong(SEGMENT_SIZE_AT) + " bytes, not segment " + segment + " of " + size + " (renamed or corrupted)");
        }
    }

    /** Creates the segment unless it is there; returns when it is there (made by this process or another). */
    void create(long segment) throws IOException {
        Path file = file(segment);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        long usable = Files.getFileStore(folder).getUsableSpace();
        if (usable < size) {
            throw new IOException("Cannot create the journal segment " + file + ": its file system has " + usable
                    + " bytes free, less than a segment's " + size + " (the disk, or tmpfs, is full)");
        }
        Path temp = folder.resolve(String.format(".%s-%016x.%x.tmp", prefix, segment, ThreadLocalRandom.current().nextLong()));
        createWhole(host, temp, file, channel -> {
            ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER).order(ByteOrder.nativeOrder());
            header.putLong(SEGMENT_MAGIC_AT, SEGMENT_MAGIC).putInt(SEGMENT_VERSION_AT, VERSION)
                    .putLong(SEGMENT_ID_AT, segment).putLong(SEGMENT_SIZE_AT, size);
            channel.write(header, 0);
            channel.write(ByteBuffer.allocate(1), size - 1L); // sets the size; the rest reads as zeros
        });
    }

    /** Writes a journal file's first content. */
    interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    /**
     * Makes {@code file} whole or not at all: writes {@code temp} beside it (uninterruptibly),
     * shares it for every participant to map for writing, and links it into place; a participant
     * that linked its own first wins, and its file is whole too. {@code temp} is gone afterwards.
     */
    static void createWhole(JournalHost host, Path temp, Path file, Content content) throws IOException {
        try {
            uninterruptibly(() -> {
                try (FileChannel channel = host.createFile(temp)) {
                    content.writeTo(channel);
                }
                return null;
            });
            host.shareFile(temp);
            try {
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException anotherWon) {
                // made by another participant at the same time: use theirs
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Deletes a settled segment and forgets its mapping (valid still for whoever holds it). */
    void delete(long segment) throws IOException {
        forget(segment);
        Files.deleteIfExists(file(segment));
    }

    /** Forgets the mapping of a segment another process deleted. */
    void forget(long segment) {
        mapped.remove(segment);
        if (last.segment() == segment) {
            last = new Mapped(-1, null);
        }
    }

    /** How many segment files of this chain there are, and their bytes. */
    long[] countFiles() throws IOException {
        long count = 0;
        try (var files = Files.newDirectoryStream(folder, prefix + "-*.seg")) {
            for (Path ignored : files) {
                count++;
            }
        }
        return new long[] {count, count * size};
    }

    interface Io<T> {
        T run() throws IOException;
    }

    /**
     * Runs file I/O with the thread's interrupt status cleared and restores it after: an
     * interrupt would close the channel half-way ({@link java.nio.channels.ClosedByInterruptException}).
     */
    static <T> T uninterruptibly(Io<T> io) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            return io.run();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
