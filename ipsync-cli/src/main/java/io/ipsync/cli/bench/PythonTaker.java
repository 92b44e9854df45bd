package io.ipsync.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The two consumers that the Python scenarios measure beside a Python producer: the original's
 * own consumer loop, spinning ({@code jk_peer.py bench-spin}), and ipsync's consumer
 * ({@link ConsumerRole} in a JVM of its own, default settings). Both tell {@code ready},
 * {@code warm} and {@code result} as the bench's children do, and report {@code messages},
 * {@code lastReceived} and {@code latency}.
 */
enum PythonTaker {

    /** The original's busy-wait: lists again at once, takes the oldest {@code q_} file first, reads, deletes. */
    SPINNING("spinning", "spinning Python consumer"),

    /** ipsync's consumer, as {@code PacedRun} runs it. */
    IPSYNC("ipsync", "ipsync consumer");

    /** The prefix of its figures' keys. */
    final String key;

    /** What the table and progress call it. */
    final String label;

    PythonTaker(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /**
     * Starts it on {@code queue}.
     *
     * @param count the messages to take, the warm-up included, or 0 to take until its input ends
     * @param warmup the number of the first message whose latency counts
     */
    ChildJvm start(PythonPeerScript python, Path queue, long count, long warmup) throws IOException {
        return switch (this) {
            case SPINNING -> python.startSpinningConsumer(label, queue, count, warmup);
            case IPSYNC -> ChildJvm.start(label, ConsumerRole.NAME, queue,
                    count > 0 ? Map.of("count", count, "warmup", warmup) : Map.of("warmup", warmup));
        };
    }

    /**
     * The messages waiting in a queue directory as the protocol counts them (its queue's length):
     * regular files whose names start with {@code q_}. A message a consumer has claimed or is
     * reading is not counted once it is no longer such a file.
     */
    static long waiting(Path queue) throws IOException {
        try (Stream<Path> entries = Files.list(queue)) {
            return entries.filter(entry -> entry.getFileName().toString().startsWith("q_"))
                    .filter(Files::isRegularFile)
                    .count();
        }
    }
}
