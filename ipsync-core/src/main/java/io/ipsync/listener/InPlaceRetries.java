package io.ipsync.listener;

import io.ipsync.MessageHandler;
import io.ipsync.QueueOptions;
import io.ipsync.ReceivedMessage;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Retries a failed message that has an ordering key in place, on the thread that handles it, so
 * that the messages of its key behind it keep waiting (a retry through the queue would let them
 * pass it): after the queue's back-off, up to its maximum attempts counted from the delivery's
 * attempt; on the last failure it is dead-lettered, the reason saying so. Failures that are never
 * retried, messages the handler settled itself, and messages without a key go on to the queue's
 * policy at once. The wait ends early, the message given back, when the thread is interrupted.
 */
final class InPlaceRetries implements MessageHandler {

    private final MessageHandler handler;

    private final QueueOptions options;

    InPlaceRetries(MessageHandler handler, QueueOptions options) {
        this.handler = handler;
        this.options = options;
    }

    @Override
    public void handle(ReceivedMessage message) throws Exception {
        String key = message.metadata().orderingKey();
        int attempt = message.metadata().attempt();
        while (true) {
            try {
                handler.handle(message);
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (key == null || message.isSettled() || options.isNotRetryable(e)) {
                    throw e;
                }
                if (attempt >= options.maxAttempts()) {
                    message.deadLetter("failed on its last attempt (" + attempt + " of " + options.maxAttempts()
                            + "), retried in place to keep the order of its key '" + key + "': " + e, e);
                    throw e;
                }
                Duration delay = options.backOff().delayAfter(attempt);
                TimeUnit.NANOSECONDS.sleep(delay.toNanos());
                attempt++;
            }
        }
    }
}
