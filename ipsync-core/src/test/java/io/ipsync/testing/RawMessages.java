package io.ipsync.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes queue messages the way a jk_interprocesssync producer does (to {@code tmp_<name>.tmp},
 * then renamed into place), with any bytes at all, and lists what a queue directory holds.
 */
public final class RawMessages {

    /** A producer id of 32 letters, as Python producers pick. */
    public static final String PYTHON_PRODUCER = "PythonProducerPythonProducerPyth";

    private RawMessages() {
    }

    /** {@code q_<nanos, 19 digits>_<producer>}: a name that sorts before everything put now when {@code nanos} is small. */
    public static String name(long epochNanos) {
        return String.format("q_%019d_%s", epochNanos, PYTHON_PRODUCER);
    }

    /** Writes a message with the given bytes under the given name, atomically as Python does. */
    public static Path write(Path queue, String name, byte[] content) throws IOException {
        Path temp = queue.resolve("tmp_" + name + ".tmp");
        Files.write(temp, content);
        return Files.move(temp, queue.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    public static Path write(Path queue, String name, String content) throws IOException {
        return write(queue, name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** The names of the entries in the queue directory that start with {@code q_}, sorted. */
    public static List<String> waiting(Path queue) throws IOException {
        return names(queue, "q_");
    }

    /** The names of the entries of {@code directory} that start with {@code prefix}, sorted; empty if it is missing. */
    public static List<String> names(Path directory, String prefix) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
        }
    }

    /** Every regular file or other non-directory entry below {@code directory}, relative to it, sorted. */
    public static List<String> filesBelow(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.walk(directory)) {
            return entries.filter(p -> !Files.isDirectory(p)).map(p -> directory.relativize(p).toString()).sorted().toList();
        }
    }
}
