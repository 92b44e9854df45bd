package io.ipsync.listener;

import io.ipsync.ReceivedMessage;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The source of a container that keeps order by key: one thread takes at a time, and admits what
 * it took to the {@link KeyLanes} in the same step, so a key's messages enter their lane in the
 * order the queue handed them out (two threads taking side by side could otherwise admit them the
 * other way round). Takes nothing while the lanes hold their maximum of waiting messages.
 */
final class OrderedQueueSource implements MessageSource<ReceivedMessage> {

    private final MessageSource<ReceivedMessage> queue;

    private final KeyLanes lanes;

    private final ReentrantLock taking = new ReentrantLock();

    OrderedQueueSource(MessageSource<ReceivedMessage> queue, KeyLanes lanes) {
        this.queue = queue;
        this.lanes = lanes;
    }

    @Override
    public String location() {
        return queue.location();
    }

    /** A message to handle now, or {@code null}: none came, or the one that came waits behind its key. */
    @Override
    public ReceivedMessage poll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!lanes.awaitRoom(timeout.toNanos())) {
            return null;
        }
        if (!taking.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            return null;
        }
        try {
            ReceivedMessage message = queue.poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            return message == null ? null : lanes.admit(message);
        } finally {
            taking.unlock();
        }
    }

    @Override
    public void giveBack(ReceivedMessage message) {
        queue.giveBack(message);
    }

    @Override
    public void wakeUp() {
        queue.wakeUp();
    }
}
