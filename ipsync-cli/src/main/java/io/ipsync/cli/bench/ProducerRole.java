package io.ipsync.cli.bench;

import io.ipsync.JsonDataQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A producer child: on {@code go}, puts {@code count} {@link BenchMessage}s on the queue with
 * default options, as fast as it can ({@code rate=0}) or paced at {@code rate} messages a second,
 * then reports when it put the first and the last one.
 *
 * <p>Paced puts follow a fixed schedule (message {@code i} is due {@code i / rate} seconds after
 * the first): one put late because the thread overslept is followed by the next ones at once, so
 * the rate holds on average although single gaps vary. With {@code burst}, the first
 * {@code burst} messages go out as fast as they can, and the schedule begins once the consumer
 * has taken them all: a warm-up that lets the JIT compiler of both processes finish before the
 * paced messages are measured (at 1,000 a second it would otherwise still be compiling after ten
 * seconds). With {@code batch} above 1 (flat out only), it puts with {@code putAll}, that many
 * messages a call.
 *
 * <p>It looks at the queue once (its size) before it tells the bench {@code ready}, so a
 * transport that connects on demand (Redis) is connected before the clock starts, as the bare
 * loops are.
 */
final class ProducerRole {

    static final String NAME = "produce";

    private static final Duration LONGEST_WAIT_FOR_GO = Duration.ofMinutes(10);

    private static final Duration LONGEST_WAIT_FOR_BURST = Duration.ofMinutes(5);

    private static final Duration BURST_CHECK_INTERVAL = Duration.ofMillis(10);

    private ProducerRole() {
    }

    static void run(String queueArgument, ChildOptions options) throws InterruptedException {
        long count = options.number("count", 1);
        long rate = options.number("rate", 0);
        long burst = Math.min(count, options.number("burst", 0));
        int batch = (int) options.number("batch", 1);
        if (batch > 1 && rate > 0) {
            throw new IllegalArgumentException("batch=" + batch + " puts flat out, not at rate=" + rate);
        }
        ParentLink link = ParentLink.connect(System.in, () -> { });
        try (JsonDataQueue queue = BenchQueue.open(queueArgument)) {
            queue.size();
            link.tell("ready");
            if (!link.awaitGo(LONGEST_WAIT_FOR_GO)) {
                return;
            }
            for (long seq = 0; seq < burst; seq++) {
                queue.put(BenchMessage.stampedNow(seq));
            }
            if (burst > 0) {
                awaitTaken(queue);
            }
            long firstPut = EpochNanos.now();
            long start = System.nanoTime();
            if (batch > 1) {
                putInBatches(queue, burst, count, batch);
            } else {
                for (long seq = burst; seq < count; seq++) {
                    if (rate > 0) {
                        sleepUntil(start + (seq - burst) * 1_000_000_000L / rate);
                    }
                    queue.put(BenchMessage.stampedNow(seq));
                }
            }
            long lastPutReturned = EpochNanos.now();
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.put("messages", count - burst);
            result.put("firstPut", firstPut);
            result.put("lastPutReturned", lastPutReturned);
            link.report(result);
            link.awaitEnd(Duration.ofMinutes(1));
        }
    }

    /** Puts messages {@code from} to {@code to} (excluded) with {@code putAll}, {@code batch} a call. */
    private static void putInBatches(JsonDataQueue queue, long from, long to, int batch) {
        List<BenchMessage> messages = new ArrayList<>(batch);
        for (long seq = from; seq < to; seq++) {
            messages.add(BenchMessage.stampedNow(seq));
            if (messages.size() == batch || seq == to - 1) {
                queue.putAll(messages);
                messages.clear();
            }
        }
    }

    /** Waits until the consumer has taken the warm-up burst, so the paced messages find no backlog. */
    private static void awaitTaken(JsonDataQueue queue) {
        long deadline = System.nanoTime() + LONGEST_WAIT_FOR_BURST.toNanos();
        while (queue.size() > 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("The consumer did not take the warm-up burst within " + LONGEST_WAIT_FOR_BURST);
            }
            LockSupport.parkNanos(BURST_CHECK_INTERVAL.toNanos());
        }
    }

    private static void sleepUntil(long dueNanoTime) {
        for (long wait = dueNanoTime - System.nanoTime(); wait > 0; wait = dueNanoTime - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }
}
