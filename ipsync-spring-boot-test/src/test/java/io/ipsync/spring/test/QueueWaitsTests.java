package io.ipsync.spring.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.DeadLetter;
import io.ipsync.JsonDataQueue;
import io.ipsync.ReceivedMessage;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The waits on a queue outside any application context, on a queue of the test's own. */
class QueueWaitsTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final Duration SHORT = Duration.ofMillis(100);

    @TempDir
    Path directory;

    @Test
    void awaitDeadLetterReturnsTheDeadLetterOfTheMessage() throws InterruptedException {
        try (JsonDataQueue queue = JsonDataQueue.open(directory.resolve("orders"))) {
            String id = queue.put("poison");
            try (ReceivedMessage message = queue.receive(TIMEOUT).orElseThrow()) {
                message.deadLetter("refused by the test", new IllegalStateException("poison"));
            }

            DeadLetter dead = QueueWaits.awaitDeadLetter(queue, id, TIMEOUT);

            assertThat(dead.messageId()).isEqualTo(id);
            assertThat(dead.reason()).isEqualTo("refused by the test");
            assertThat(QueueWaits.deadLetters(queue)).extracting(DeadLetter::messageId).containsExactly(id);
        }
    }

    @Test
    void awaitDeadLetterFailsNamingTheQueueAndListingTheDeadLettersThatAreThere() throws InterruptedException {
        try (JsonDataQueue queue = JsonDataQueue.open(directory.resolve("orders"))) {
            String other = queue.put("other");
            try (ReceivedMessage message = queue.receive(TIMEOUT).orElseThrow()) {
                message.deadLetter("refused by the test", null);
            }
            String waiting = queue.put("still waiting");

            assertThatThrownBy(() -> QueueWaits.awaitDeadLetter(queue, waiting, SHORT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("No dead letter of message " + waiting + " in the queue " + queue.location()
                            + " within PT0.1S")
                    .hasMessageContaining("message " + other + " after 1 attempt(s): refused by the test");
        }
    }

    @Test
    void awaitWaitingReturnsTheCountersOrSaysWhatItSaw() {
        try (JsonDataQueue queue = JsonDataQueue.open(directory.resolve("orders"))) {
            queue.put("one");

            assertThat(QueueWaits.awaitWaiting(queue, 1, TIMEOUT).waiting()).isOne();
            assertThatThrownBy(() -> QueueWaits.awaitWaiting(queue, 0, SHORT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("The queue " + queue.location() + " did not have 0 waiting message(s) within PT0.1S")
                    .hasMessageContaining("last seen: QueueStats[waiting=1");
        }
    }
}
