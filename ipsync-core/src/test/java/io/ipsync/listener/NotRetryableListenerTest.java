package io.ipsync.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.BackOff;
import io.ipsync.DeadLetter;
import io.ipsync.JsonDataQueue;
import io.ipsync.NotRetryableException;
import io.ipsync.QueueOptions;
import io.ipsync.Settlement;
import io.ipsync.file.FileSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listener container honours its queue's classification of failures: a not-retryable failure
 * is dead-lettered on attempt 1, the error handler hearing of it with that settlement; a
 * retryable one is retried up to the last attempt.
 */
class NotRetryableListenerTest {

    private static final FileSettings HOURLY_POLL = FileSettings.builder().pollInterval(Duration.ofHours(1)).build();

    @TempDir
    Path dir;

    private final List<ListenerContainer> containers = new ArrayList<>();

    @AfterEach
    void stopContainers() {
        containers.forEach(ListenerContainer::stop);
    }

    @Test
    void notRetryableFailuresAreDeadLetteredOnTheFirstAttemptAndRetryableOnesRetried() throws Exception {
        QueueOptions options = QueueOptions.builder()
                .maxAttempts(3)
                .backOff(BackOff.none())
                .notRetryable(IllegalArgumentException.class)
                .build();
        BlockingQueue<ListenerFailure> failures = new LinkedBlockingQueue<>();
        try (JsonDataQueue queue = JsonDataQueue.open(dir, options, HOURLY_POLL)) {
            String thrown = queue.put("thrown");
            String wrapped = queue.put("wrapped");
            String marked = queue.put("marked");
            String flaky = queue.put("flaky");
            ListenerContainer container = ListenerContainers.forQueue(queue, message -> {
                switch (message.payload().as(String.class)) {
                    case "thrown" -> throw new IllegalArgumentException("quantity 0");
                    case "wrapped" -> throw new IllegalStateException("wrapper", new IllegalArgumentException("bad id"));
                    case "marked" -> throw new NotRetryableException("customer unknown");
                    default -> throw new IllegalStateException("database down");
                }
            }, ContainerOptions.builder("orders").pollTimeout(Duration.ofMillis(500)).errorHandler(failures::add).build());
            containers.add(container);
            container.start();

            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 6; i++) { // three final failures, three attempts of the flaky one
                ListenerFailure failure = failures.poll(30, TimeUnit.SECONDS);
                assertThat(failure).as("failure %d of 6", i + 1).isNotNull();
                seen.add(failure.message().name() + " " + failure.message().attempt() + " " + failure.settlement());
            }
            assertThat(seen).containsExactlyInAnyOrder(
                    thrown + " 1 DEAD_LETTERED",
                    wrapped + " 1 DEAD_LETTERED",
                    marked + " 1 DEAD_LETTERED",
                    flaky + " 1 " + Settlement.RETRY_SCHEDULED,
                    flaky + " 2 " + Settlement.RETRY_SCHEDULED,
                    flaky + " 3 DEAD_LETTERED");

            List<DeadLetter> deadLetters = queue.deadLetters().list(10);
            assertThat(deadLetters).extracting(DeadLetter::messageId)
                    .containsExactlyInAnyOrder(thrown, wrapped, marked, flaky);
            DeadLetter thrownLetter = deadLetters.stream().filter(d -> d.messageId().equals(thrown)).findFirst().orElseThrow();
            assertThat(thrownLetter.attempts()).isEqualTo(1);
            assertThat(thrownLetter.reason()).startsWith("not retried (attempt 1 of 3)").endsWith("quantity 0");
            assertThat(thrownLetter.exception()).startsWith("java.lang.IllegalArgumentException: quantity 0");
            DeadLetter wrappedLetter = deadLetters.stream().filter(d -> d.messageId().equals(wrapped)).findFirst().orElseThrow();
            assertThat(wrappedLetter.reason()).contains("its cause java.lang.IllegalArgumentException is not retryable");
            DeadLetter flakyLetter = deadLetters.stream().filter(d -> d.messageId().equals(flaky)).findFirst().orElseThrow();
            assertThat(flakyLetter.attempts()).isEqualTo(3);
            assertThat(flakyLetter.reason()).startsWith("failed on its last attempt (3 of 3)");
        }
    }
}
