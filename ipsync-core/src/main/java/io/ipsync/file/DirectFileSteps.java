package io.ipsync.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@link FileSteps} as the plain NIO calls: one {@code open}, {@code write}s and {@code close}; one {@code rename}; one {@code unlink}. */
final class DirectFileSteps implements FileSteps {

    @Override
    public void write(Path file, byte[] content, OpenOption... options) throws IOException {
        Set<OpenOption> openOptions = new HashSet<>(List.of(options));
        openOptions.add(StandardOpenOption.WRITE);
        try (FileChannel channel = FileChannel.open(file, openOptions)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
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
