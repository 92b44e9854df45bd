package io.ipsync.cli.bench;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The limits of the journal layout: children that do what a journal producer and consumer do at
 * the least, with the same memory-mapped segment files of 64 MiB and nothing else. The writer
 * reserves each frame with a {@code getAndAdd} on a tail word, writes a 4-byte length and the
 * message's JSON (the bench's own, as the file baseline writes it) and publishes the length with a
 * release store, rolling to a new file when a segment is full; the reader reads each length with
 * an acquire load, copies the bytes out and moves on. No claims, no headers, no JSON parsing, no
 * liveness, no crash safety. With {@code jackson=1} the writer encodes each message with Jackson
 * and the reader decodes each into a {@link BenchMessage}, as a queue's users do: the most that
 * any JSON queue could do on these mapped files, which shows how much of the journal's distance
 * to the bare loops is JSON.
 */
final class BareMappedRoles {

    static final String WRITE = "bare-mapped-write";

    static final String READ = "bare-mapped-read";

    private static final int SEGMENT = 64 * 1024 * 1024;

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private BareMappedRoles() {
    }

    private static MappedByteBuffer map(Path directory, int segment) throws IOException {
        try (FileChannel file = FileChannel.open(directory.resolve("seg-" + segment), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return file.map(FileChannel.MapMode.READ_WRITE, 0, SEGMENT);
        }
    }

    static void write(Path directory, ChildOptions options) throws IOException, InterruptedException {
        long count = options.number("count", 1);
        JsonMapper jackson = options.number("jackson", 0) == 1 ? JsonMapper.builder().build() : null;
        ParentLink link = ParentLink.connect(System.in, () -> { });
        MappedByteBuffer tail = map(directory, -1);
        int segmentNumber = 0;
        MappedByteBuffer segment = map(directory, segmentNumber);
        long start = System.nanoTime();
        for (long seq = 0; seq < count; seq++) {
            BenchMessage message = BenchMessage.stampedNow(seq);
            byte[] json = jackson != null ? jackson.writeValueAsBytes(message) : message.json();
            int length = (4 + json.length + 7) & ~7;
            long at = (long) LONG.getAndAdd(tail, 0, (long) length);
            if (at + length > SEGMENT) {
                segment = map(directory, ++segmentNumber);
                LONG.setVolatile(tail, 0, (long) length);
                at = 0;
            }
            segment.put((int) at + 4, json);
            INT.setRelease(segment, (int) at, json.length);
        }
        long nanos = System.nanoTime() - start;
        report(link, count, 0, nanos);
    }

    static void read(Path directory, ChildOptions options) throws IOException, InterruptedException {
        long count = options.number("count", 1);
        JsonMapper jackson = options.number("jackson", 0) == 1 ? JsonMapper.builder().build() : null;
        long seqs = 0;
        ParentLink link = ParentLink.connect(System.in, () -> { });
        long start = System.nanoTime();
        int segmentNumber = 0;
        MappedByteBuffer segment = map(directory, segmentNumber);
        int at = 0;
        long bytes = 0;
        byte[] copy = new byte[4096];
        for (long taken = 0; taken < count; taken++) {
            int length = at + 4 <= SEGMENT ? (int) INT.getAcquire(segment, at) : 0;
            if (length == 0) {
                segment = map(directory, ++segmentNumber);
                at = 0;
                length = (int) INT.getAcquire(segment, 0);
            }
            segment.get(at + 4, copy, 0, length);
            if (jackson != null) {
                seqs += jackson.readValue(copy, 0, length, BenchMessage.class).seq();
            }
            bytes += length;
            at += (4 + length + 7) & ~7;
        }
        long nanos = System.nanoTime() - start;
        if (jackson != null && seqs != count * (count - 1) / 2) {
            throw new IllegalStateException("read back the wrong messages: their numbers add up to " + seqs);
        }
        report(link, count, bytes, nanos);
    }

    private static void report(ParentLink link, long count, long bytes, long nanos) throws InterruptedException {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("messages", count);
        result.put("bytes", bytes);
        result.put("nanos", nanos);
        link.report(result);
        link.awaitEnd(Duration.ofMinutes(1));
    }
}
