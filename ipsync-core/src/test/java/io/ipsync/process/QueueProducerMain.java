package io.ipsync.process;

import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.testing.ParentPipe;

/**
 * A producer process: puts jobs with ids {@code first .. first+count-1} on a queue, in that order.
 *
 * <p>Usage: {@code QueueProducerMain <queue address> <count> [--firstId=0] [--pauseAfter=0]}, the
 * address a queue directory or a URI such as {@code redis://127.0.0.1:6379/orders}
 * ({@link io.ipsync.ChannelAddress#parse}).
 *
 * <p>Reports {@code ready <pid>} once the queue is open and {@code put <count> <pid>} when done.
 * With {@code --pauseAfter=K} (K &gt; 0) it reports {@code paused <K> <pid>} after the first K jobs
 * and goes on only when the test sends {@code resume}.
 */
public final class QueueProducerMain {

    private QueueProducerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ParentPipe parent = ParentPipe.connect();
        ChildArguments arguments = new ChildArguments(args);
        int count = arguments.integer(1, "count");
        int firstId = arguments.integer("firstId", 0);
        int pauseAfter = arguments.integer("pauseAfter", 0);
        arguments.requireAllRead();
        try (JsonDataQueue queue = JsonDataQueue.open(arguments.address(0, "queue address"), QueueOptions.DEFAULTS)) {
            parent.report("ready " + parent.pid());
            for (int put = 0; put < count; put++) {
                if (put == pauseAfter && pauseAfter > 0) {
                    parent.report("paused " + put + " " + parent.pid());
                    parent.awaitCommand("resume");
                }
                queue.put(new Job(firstId + put, parent.pid()));
            }
        }
        parent.report("put " + count + " " + parent.pid());
    }
}
