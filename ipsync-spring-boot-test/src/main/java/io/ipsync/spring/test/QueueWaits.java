package io.ipsync.spring.test;

import io.ipsync.DeadLetter;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueStats;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Waits on what a queue keeps, whoever changed it: this process or another one (a child JVM, a
 * Python peer, a service on the same Redis server). The counterpart of Spring Kafka's
 * {@code KafkaTestUtils} for a {@link JsonDataQueue} you opened yourself; inside a test's
 * application context, {@link IpsyncTestHarness} does the same by channel name, and waits for
 * what the context's own listeners did without polling.
 *
 * <pre>{@code
 * try (JsonDataQueue orders = JsonDataQueue.open(shopDir.resolve("orders"))) {
 *     DeadLetter dead = QueueWaits.awaitDeadLetter(orders, messageId, Duration.ofSeconds(30));
 *     assertThat(dead.attempts()).isEqualTo(3);
 * }
 * }</pre>
 *
 * <p>Each wait looks at the queue every 20 ms until what it waits for is there
 * or its timeout passes; then it throws an {@link AssertionError} that names the queue, what was
 * awaited and what was there instead. Thread-safe (no state).
 */
public final class QueueWaits {

    /** How often a wait looks at the queue. */
    static final long POLL_MILLIS = 20;

    /** Dead letters read at most by one look; far more than a test makes. */
    static final int MAX_DEAD_LETTERS = 10_000;

    private QueueWaits() {
    }

    /**
     * Waits until the message {@code messageId} (as {@code put} returned it) is among the queue's
     * dead letters, and returns it: its payload, headers, reason, exception and attempts.
     *
     * @throws AssertionError when it is not there within the timeout, listing the dead letters
     *     that are
     */
    public static DeadLetter awaitDeadLetter(JsonDataQueue queue, String messageId, Duration timeout) {
        Objects.requireNonNull(messageId, "messageId");
        return until(() -> find(deadLetters(queue), messageId), timeout,
                () -> "No dead letter of message " + messageId + " in the queue " + queue.location() + " within "
                        + timeout + "; its dead letters: " + describe(deadLetters(queue)));
    }

    /** Every dead letter of the queue now, the one set aside first first. */
    public static List<DeadLetter> deadLetters(JsonDataQueue queue) {
        return queue.deadLetters().list(MAX_DEAD_LETTERS);
    }

    /**
     * Waits until exactly {@code count} messages of the queue wait to be taken, and returns the
     * queue's counters at that moment.
     *
     * @throws AssertionError when that does not happen within the timeout, with the counters last
     *     seen
     */
    public static QueueStats awaitWaiting(JsonDataQueue queue, long count, Duration timeout) {
        QueueStats[] last = new QueueStats[1];
        return until(() -> {
            last[0] = queue.stats();
            return last[0].waiting() == count ? Optional.of(last[0]) : Optional.empty();
        }, timeout, () -> "The queue " + queue.location() + " did not have " + count + " waiting message(s) within "
                + timeout + "; last seen: " + last[0]);
    }

    /** The dead letter of the message, if it is among these. */
    static Optional<DeadLetter> find(List<DeadLetter> deadLetters, String messageId) {
        return deadLetters.stream().filter(letter -> letter.messageId().equals(messageId)).findFirst();
    }

    /** Dead letters in a line each, for failure messages. */
    static String describe(List<DeadLetter> deadLetters) {
        if (deadLetters.isEmpty()) {
            return "none";
        }
        return deadLetters.stream()
                .map(letter -> "\n  message " + letter.messageId() + " after " + letter.attempts() + " attempt(s): "
                        + letter.reason())
                .collect(Collectors.joining());
    }

    private static <T> T until(Supplier<Optional<T>> look, Duration timeout, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> found = look.get();
            if (found.isPresent()) {
                return found.get();
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError(failure.get());
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting on a queue", e);
            }
        }
    }
}
