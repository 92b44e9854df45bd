package io.ipsync.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** Reads a whole file, refusing one larger than a limit without reading it all into memory. */
final class BoundedReader {

    private static final OpenOption[] READ = {StandardOpenOption.READ};

    private static final OpenOption[] READ_NOFOLLOW = {StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS};

    private BoundedReader() {
    }

    /**
     * Reads the file at {@code path}, which a {@code stat} just showed to be a regular file: one
     * that reads return fewer bytes than asked for only at its end.
     *
     * @param expectedSize the size a {@code stat} just reported, used to size the buffer
     * @param followLinks whether a symbolic link at {@code path} is followed (never for messages)
     * @throws TooLargeException when the file holds more than {@code limit} bytes
     */
    static byte[] read(Path path, long expectedSize, long limit, boolean followLinks) throws IOException {
        if (expectedSize > limit) {
            // Refused before opening the file.
            throw new TooLargeException(path, expectedSize, limit);
        }
        try (FileChannel channel = FileChannel.open(path, followLinks ? READ : READ_NOFOLLOW)) {
            return read(channel, path, expectedSize, limit);
        }
    }

    /**
     * Reads the rest of a regular file that is open already, from the channel's position.
     *
     * @param path the file's path, for the messages
     * @param expectedSize the size a {@code stat} just reported, used to size the buffer
     * @throws TooLargeException when the file holds more than {@code limit} bytes
     */
    static byte[] read(FileChannel channel, Path path, long expectedSize, long limit) throws IOException {
        if (expectedSize > limit) {
            throw new TooLargeException(path, expectedSize, limit);
        }
        byte[] bytes = new byte[(int) Math.min(limit + 1, Math.max(expectedSize + 1, 64))];
        int length = 0;
        while (true) {
            if (length == bytes.length) {
                if (length > limit) {
                    throw new TooLargeException(path, length, limit);
                }
                bytes = Arrays.copyOf(bytes, (int) Math.min(limit + 1, (long) length * 2));
            }
            int wanted = bytes.length - length;
            int read = channel.read(ByteBuffer.wrap(bytes, length, wanted));
            if (read < 0) {
                break;
            }
            length += read;
            if (read < wanted) {
                // A short read of a regular file ends at its end: saves asking again to hear so.
                break;
            }
        }
        if (length > limit) {
            throw new TooLargeException(path, length, limit);
        }
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    /** The file is larger than the limit. */
    static final class TooLargeException extends IOException {

        private static final long serialVersionUID = 1L;

        TooLargeException(Path path, long size, long limit) {
            super(path + " holds at least " + size + " bytes, more than the limit of " + limit + " bytes");
        }
    }
}
