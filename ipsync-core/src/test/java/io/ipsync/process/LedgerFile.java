package io.ipsync.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A child's record of what it did, one line per event, each appended with one {@code write} to
 * the file: once the call returns the line is in the kernel's hands, so it survives the process
 * being killed at any moment after (not a power loss, which the tests that read it do not cause).
 * A process killed before the call returns leaves no line, never half of one.
 *
 * <p>Not thread-safe: one writer per file.
 */
final class LedgerFile implements AutoCloseable {

    private final FileChannel channel;

    private LedgerFile(FileChannel channel) {
        this.channel = channel;
    }

    static LedgerFile create(Path file) {
        try {
            return new LedgerFile(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the ledger " + file, e);
        }
    }

    void append(String line) {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to a ledger: " + line, e);
        }
    }

    /** The lines of a ledger; empty when the process died before it created it. */
    static List<String> read(Path file) throws IOException {
        try {
            String text = Files.readString(file);
            if (!text.isEmpty() && !text.endsWith("\n")) {
                throw new IllegalStateException("The ledger " + file + " ends in half a line: "
                        + text.substring(text.lastIndexOf('\n') + 1));
            }
            return text.lines().toList();
        } catch (NoSuchFileException diedEarly) {
            return List.of();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
