package io.ipsync.cli.bench;

import io.ipsync.JsonDataQueue;
import io.ipsync.ReceivedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A consumer child: opens the queue with default options (at-least-once), takes {@code count}
 * messages (or until the bench ends it) with {@code receive}, reads each as a
 * {@link BenchMessage}, acknowledges it, and reports how long it took, the latency of each
 * message (its receive time minus the producer's {@code sentAt}) and its memory.
 *
 * <p>It tells the bench {@code ready} once it has opened the queue and looked at it (so it
 * watches the directory, or has its consumer group on Redis), and {@code warm} at the first message numbered {@code warmup} or more:
 * latencies of earlier messages, taken while the JIT compiler was still at work, are not
 * recorded. It gives up when no message came for {@code idle-limit} seconds. Its report comes
 * after a final full garbage collection (see {@link HeapAfterGc#peakBytesWithFinalCollection()}),
 * outside the times it reports.
 *
 * <p>With {@code window=N}, it also reports the latencies of each N messages by number
 * ({@code seq} 0 to N-1, N to 2N-1, ...) apart, as {@code windows}: at N messages a second, the
 * latency of each second of traffic (the warm-up scenario).
 */
final class ConsumerRole {

    static final String NAME = "consume";

    /** How long one receive waits: the end of the input is noticed within this (see {@link ParentLink}). */
    private static final Duration LONGEST_RECEIVE = Duration.ofSeconds(5);

    private final long count;

    private final long warmup;

    private final long idleLimitNanos;

    private final long progressEvery;

    private final long window;

    private final List<LatencyRecorder> windows = new ArrayList<>();

    private final LatencyRecorder latencies = new LatencyRecorder();

    private final HeapAfterGc heap = HeapAfterGc.watch();

    private long openedAt;

    private ParentLink link;

    private long received;

    private long openReturnedAt = -1;

    private long firstReceivedAt = -1;

    private long lastReceivedAt = -1;

    private long lastReceivedEpochNanos = -1;

    private boolean toldWarm;

    private ConsumerRole(ChildOptions options) {
        this.count = options.number("count", Long.MAX_VALUE);
        this.warmup = options.number("warmup", 0);
        this.idleLimitNanos = Duration.ofSeconds(options.number("idle-limit", 60)).toNanos();
        this.progressEvery = count >= 100_000 && count != Long.MAX_VALUE ? count / 10 : 0;
        this.window = options.number("window", 0);
    }

    static void run(String queueArgument, ChildOptions options) throws InterruptedException {
        new ConsumerRole(options).consume(queueArgument);
    }

    private void consume(String queueArgument) throws InterruptedException {
        AtomicReference<JsonDataQueue> opened = new AtomicReference<>();
        link = ParentLink.connect(System.in, () -> {
            JsonDataQueue queue = opened.get();
            if (queue != null) {
                queue.wakeUpWaiters();
            }
        });
        openedAt = System.nanoTime();
        try (JsonDataQueue queue = BenchQueue.open(queueArgument)) {
            openReturnedAt = System.nanoTime();
            opened.set(queue);
            receiveOne(queue, Duration.ZERO); // the first receive sets up the consumer and its watch
            link.tell("ready");
            long idleSince = System.nanoTime();
            while (received < count && !link.hasEnded() && System.nanoTime() - idleSince < idleLimitNanos) {
                if (receiveOne(queue, LONGEST_RECEIVE)) {
                    idleSince = System.nanoTime();
                }
            }
            link.report(result());
            link.awaitEnd(Duration.ofMinutes(1));
        }
    }

    private boolean receiveOne(JsonDataQueue queue, Duration timeout) throws InterruptedException {
        Optional<ReceivedMessage> next = queue.receive(timeout);
        if (next.isEmpty()) {
            return false;
        }
        try (ReceivedMessage message = next.get()) {
            long receivedAt = EpochNanos.now();
            if (firstReceivedAt < 0) {
                firstReceivedAt = System.nanoTime();
            }
            BenchMessage content = message.payload().as(BenchMessage.class);
            if (content.seq() >= warmup) {
                latencies.record(receivedAt - content.sentAt());
                if (window > 0) {
                    windowOf(content.seq()).record(receivedAt - content.sentAt());
                }
                if (!toldWarm) {
                    link.tell("warm");
                    toldWarm = true;
                }
            }
            message.acknowledge();
            received++;
            lastReceivedAt = System.nanoTime();
            lastReceivedEpochNanos = EpochNanos.now();
        }
        if (progressEvery > 0 && received % progressEvery == 0) {
            System.err.printf("bench: consumer has taken %,d of %,d messages%n", received, count);
        }
        return true;
    }

    private LatencyRecorder windowOf(long seq) {
        int index = Math.toIntExact(seq / window);
        while (windows.size() <= index) {
            windows.add(new LatencyRecorder());
        }
        return windows.get(index);
    }

    private ObjectNode result() {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("messages", received);
        result.put("nanosToOpen", openReturnedAt - openedAt);
        result.put("nanosToFirstMessage", firstReceivedAt < 0 ? -1 : firstReceivedAt - openedAt);
        result.put("nanosToLastMessage", lastReceivedAt < 0 ? -1 : lastReceivedAt - openedAt);
        result.put("lastReceived", lastReceivedEpochNanos);
        latencies.summary().writeTo(result.putObject("latency"));
        if (window > 0) {
            ArrayNode perWindow = result.putArray("windows");
            windows.forEach(recorder -> recorder.summary().writeTo(perWindow.addObject()));
        }
        result.put("garbageCollections", heap.collections());
        result.put("heapAfterGcPeakBytes", heap.peakBytesWithFinalCollection());
        result.put("residentPeakBytes", ResidentMemory.peakBytes());
        return result;
    }
}
