package io.ipsync.spring.test;

import io.ipsync.MessageMetadata;
import io.ipsync.QueueObserver;
import io.ipsync.spring.test.MessageOutcome.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Records what happens to the messages of every queue the application context opens, as a
 * {@link QueueObserver} bean (the starter hands every such bean to the queues it opens), and lets
 * tests wait for an outcome without polling: each record wakes the waiters.
 *
 * <p>Keeps everything since the context started, in the order the queues reported it. Thread-safe:
 * queues report from their consumers' threads while tests read and wait.
 */
public final class QueueOutcomeRecorder implements QueueObserver {

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition recorded = lock.newCondition();

    /** By queue location; guarded by {@link #lock}. */
    private final Map<String, List<MessageOutcome>> outcomes = new HashMap<>();

    @Override
    public void received(MessageMetadata message) {
        record(new MessageOutcome(message.queue(), message.name(), Kind.RECEIVED, message, null));
    }

    @Override
    public void acknowledged(MessageMetadata message, Duration handlingTime) {
        record(new MessageOutcome(message.queue(), message.name(), Kind.HANDLED, message, null));
    }

    @Override
    public void failed(MessageMetadata message, Throwable cause) {
        record(new MessageOutcome(message.queue(), message.name(), Kind.FAILED, message, String.valueOf(cause)));
    }

    @Override
    public void retryScheduled(MessageMetadata message, Duration delay, Throwable cause) {
        record(new MessageOutcome(message.queue(), message.name(), Kind.RETRY_SCHEDULED, message, "after " + delay));
    }

    @Override
    public void deadLettered(String queue, String name, String reason) {
        record(new MessageOutcome(queue, name, Kind.DEAD_LETTERED, null, reason));
    }

    private void record(MessageOutcome outcome) {
        lock.lock();
        try {
            outcomes.computeIfAbsent(outcome.queue(), queue -> new ArrayList<>()).add(outcome);
            recorded.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Everything recorded for the queue at this location so far, the earliest first. */
    public List<MessageOutcome> outcomes(String queue) {
        lock.lock();
        try {
            return List.copyOf(outcomes.getOrDefault(queue, List.of()));
        } finally {
            lock.unlock();
        }
    }

    /** Everything recorded for one message of the queue at this location so far, the earliest first. */
    public List<MessageOutcome> outcomes(String queue, String messageId) {
        return outcomes(queue).stream().filter(outcome -> outcome.messageId().equals(messageId)).toList();
    }

    /**
     * Waits until {@code look}, given what was recorded for the queue so far, finds what it looks
     * for, at most {@code timeout}. {@code look} runs under the recorder's lock, after each new
     * record: it must be quick and must not wait.
     *
     * @return what {@code look} found, or empty when the timeout passed first
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public <T> Optional<T> await(String queue, Function<List<MessageOutcome>, Optional<T>> look, Duration timeout)
            throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                Optional<T> found = look.apply(List.copyOf(outcomes.getOrDefault(queue, List.of())));
                if (found.isPresent() || remaining <= 0) {
                    return found;
                }
                remaining = recorded.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "QueueOutcomeRecorder[" + outcomes.keySet() + "]";
        } finally {
            lock.unlock();
        }
    }
}
