package io.ipsync.listener;

import io.ipsync.JsonDataQueue;
import io.ipsync.ReceivedMessage;
import java.time.Duration;

/** Takes messages from a queue; gives them back by releasing them. */
final class QueueSource implements MessageSource<ReceivedMessage> {

    private final JsonDataQueue queue;

    QueueSource(JsonDataQueue queue) {
        this.queue = queue;
    }

    @Override
    public String location() {
        return queue.location();
    }

    @Override
    public ReceivedMessage poll(Duration timeout) throws InterruptedException {
        return queue.receive(timeout).orElse(null);
    }

    @Override
    public void giveBack(ReceivedMessage message) {
        message.release();
    }

    @Override
    public void wakeUp() {
        queue.wakeUpWaiters();
    }
}
