package io.ipsync.cli.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The limit of putting: a child that does what a put must do at the least, with plain JDK calls
 * and nothing else: create a temporary file, write the message, close it, rename it atomically
 * to its name in the queue ({@link BacklogWriter.Names}). {@code count} times, as fast as
 * it can; reports how long that took.
 */
final class BareWriteRole {

    static final String NAME = "bare-write";

    private BareWriteRole() {
    }

    static void run(Path directory, ChildOptions options) throws IOException, InterruptedException {
        long count = options.number("count", 1);
        ParentLink link = ParentLink.connect(System.in, () -> { });
        BacklogWriter.Names names = new BacklogWriter.Names();
        long start = System.nanoTime();
        for (long seq = 0; seq < count; seq++) {
            String name = names.next();
            Path temp = directory.resolve("tmp_" + name + ".tmp");
            try (FileChannel file = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer content = ByteBuffer.wrap(BenchMessage.stampedNow(seq).json());
                while (content.hasRemaining()) {
                    file.write(content);
                }
            }
            Files.move(temp, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        }
        long nanos = System.nanoTime() - start;
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("messages", count);
        result.put("nanos", nanos);
        link.report(result);
        link.awaitEnd(Duration.ofMinutes(1));
    }
}
