package io.ipsync.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** {@link FileSteps} as the plain NIO calls: one {@code open}, {@code write}s and {@code close}; one {@code rename}; one {@code unlink}. */
final class DirectFileSteps implements FileSteps {

    @Override
    public void writeNew(Path file, byte[] content, FileModes modes, DiskSync sync) throws IOException {
        try (FileChannel channel = modes.createFile(file)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            sync.forceContent(channel);
        }
    }

    @Override
    public void move(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public boolean delete(Path file) {
        // Files.delete would stat the file first to choose between unlink and rmdir, a system call
        // per message that a commit point does not need.
        return file.toFile().delete();
    }
}
