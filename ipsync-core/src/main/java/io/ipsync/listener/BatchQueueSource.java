package io.ipsync.listener;

import io.ipsync.JsonDataQueue;
import io.ipsync.ReceivedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Takes messages from a queue a batch at a time: waits for the first, then takes what is there
 * without waiting, up to the maximum batch size. Gives a batch back by releasing each message.
 */
final class BatchQueueSource implements MessageSource<List<ReceivedMessage>> {

    private final JsonDataQueue queue;

    private final int maxBatchSize;

    BatchQueueSource(JsonDataQueue queue, int maxBatchSize) {
        this.queue = queue;
        this.maxBatchSize = maxBatchSize;
    }

    @Override
    public String location() {
        return queue.location();
    }

    @Override
    public List<ReceivedMessage> poll(Duration timeout) throws InterruptedException {
        Optional<ReceivedMessage> first = queue.receive(timeout);
        if (first.isEmpty()) {
            return null;
        }
        List<ReceivedMessage> batch = new ArrayList<>(Math.min(maxBatchSize, 64));
        batch.add(first.get());
        try {
            while (batch.size() < maxBatchSize) {
                Optional<ReceivedMessage> next = queue.receive(Duration.ZERO);
                if (next.isEmpty()) {
                    break;
                }
                batch.add(next.get());
            }
        } catch (InterruptedException | RuntimeException e) {
            giveBack(batch);
            throw e;
        }
        return batch;
    }

    @Override
    public void giveBack(List<ReceivedMessage> batch) {
        batch.forEach(ReceivedMessage::close);
    }

    @Override
    public void wakeUp() {
        queue.wakeUpWaiters();
    }
}
