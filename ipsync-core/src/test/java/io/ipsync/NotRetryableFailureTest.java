package io.ipsync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A failure that will never succeed is dead-lettered on the attempt it happened, with a reason
 * that says it was not retried; every other failure is still retried. The queue's own API
 * ({@code poll}, {@code receive} and {@code retry}); listener containers in
 * {@link io.ipsync.listener.NotRetryableListenerTest}.
 */
class NotRetryableFailureTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private static final QueueOptions ILLEGAL_ARGUMENTS_ARE_FINAL = QueueOptions.builder()
            .maxAttempts(3)
            .backOff(BackOff.none())
            .notRetryable(IllegalArgumentException.class)
            .build();

    @TempDir
    Path dir;

    @Test
    void aFailureOfANotRetryableTypeIsDeadLetteredOnItsFirstAttempt() throws Exception {
        List<Integer> attempts = new ArrayList<>();
        try (JsonDataQueue queue = JsonDataQueue.open(dir, ILLEGAL_ARGUMENTS_ARE_FINAL)) {
            String name = queue.put("bad order");
            assertThat(queue.poll(LONG, message -> {
                attempts.add(message.metadata().attempt());
                throw new IllegalArgumentException("quantity 0 is not positive");
            })).isTrue();

            assertThat(attempts).containsExactly(1);
            assertThat(queue.size()).as("no retry is waiting").isZero();
            JsonNode reason = reasonOf(name);
            assertThat(reason.get("reason").asString()).isEqualTo("not retried (attempt 1 of 3), "
                    + "java.lang.IllegalArgumentException is not retryable: "
                    + "java.lang.IllegalArgumentException: quantity 0 is not positive");
            assertThat(reason.get("exception").asString())
                    .isEqualTo("java.lang.IllegalArgumentException: quantity 0 is not positive");
            assertThat(reason.get("attempts").asInt()).isEqualTo(1);
            assertThat(queue.stats().deadLetters()).isOne();
        }
    }

    @Test
    void aNotRetryableCauseOrSubclassCountsAsWell() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir, ILLEGAL_ARGUMENTS_ARE_FINAL)) {
            String wrapped = queue.put("wrapped");
            String subclass = queue.put("subclass");
            MessageHandler handler = message -> {
                if (message.payload().as(String.class).equals("wrapped")) {
                    throw new IllegalStateException("proxy failed",
                            new RuntimeException("handler failed", new IllegalArgumentException("bad id")));
                }
                throw new NumberFormatException("not a number: x"); // an IllegalArgumentException
            };
            assertThat(queue.poll(LONG, handler)).isTrue();
            assertThat(queue.poll(LONG, handler)).isTrue();

            assertThat(reasonOf(wrapped).get("reason").asString())
                    .startsWith("not retried (attempt 1 of 3), its cause java.lang.IllegalArgumentException is not retryable: ")
                    .endsWith("java.lang.IllegalStateException: proxy failed, caused by java.lang.IllegalArgumentException: bad id");
            assertThat(reasonOf(wrapped).get("exception").asString()).isEqualTo("java.lang.IllegalStateException: proxy failed");
            assertThat(reasonOf(subclass).get("reason").asString())
                    .startsWith("not retried (attempt 1 of 3), java.lang.NumberFormatException is not retryable");
            assertThat(queue.stats().deadLetters()).isEqualTo(2);
        }
    }

    @Test
    void aNotRetryableExceptionIsFinalOnAQueueWithoutNotRetryableTypes() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir, QueueOptions.builder().backOff(BackOff.none()).build())) {
            String marked = queue.put("marked");
            String wrappedMarker = queue.put("wrapped marker");
            MessageHandler handler = message -> {
                if (message.payload().as(String.class).equals("marked")) {
                    throw new NotRetryableException("order o-1 has no lines");
                }
                throw new IllegalStateException("in a proxy", new NotRetryableException(new IllegalArgumentException("x")));
            };
            assertThat(queue.poll(LONG, handler)).isTrue();
            assertThat(queue.poll(LONG, handler)).isTrue();

            assertThat(reasonOf(marked).get("reason").asString()).isEqualTo("not retried (attempt 1 of 3), "
                    + "io.ipsync.NotRetryableException is not retryable: io.ipsync.NotRetryableException: order o-1 has no lines");
            assertThat(reasonOf(wrappedMarker).get("reason").asString())
                    .contains("its cause io.ipsync.NotRetryableException is not retryable");
        }
    }

    @Test
    void aRetryableFailureIsStillRetriedUntilItsLastAttempt() throws Exception {
        List<Integer> attempts = new ArrayList<>();
        try (JsonDataQueue queue = JsonDataQueue.open(dir, ILLEGAL_ARGUMENTS_ARE_FINAL)) {
            String name = queue.put("flaky");
            MessageHandler failing = message -> {
                attempts.add(message.metadata().attempt());
                throw new IllegalStateException("database down", new java.io.IOException("connection refused"));
            };
            for (int i = 0; i < 3; i++) {
                assertThat(queue.poll(LONG, failing)).isTrue();
            }

            assertThat(attempts).containsExactly(1, 2, 3);
            assertThat(reasonOf(name).get("reason").asString()).startsWith("failed on its last attempt (3 of 3)");
        }
    }

    @Test
    void retryWithANotRetryableCauseDeadLettersAtOnce() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir, ILLEGAL_ARGUMENTS_ARE_FINAL)) {
            String name = queue.put("settled by hand");
            ReceivedMessage message = queue.receive(LONG).orElseThrow();

            assertThat(message.retry(new IllegalArgumentException("bad"))).isEqualTo(Settlement.DEAD_LETTERED);
            assertThat(reasonOf(name).get("attempts").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aCauseChainThatLoopsEndsTheSearch() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir, ILLEGAL_ARGUMENTS_ARE_FINAL)) {
            queue.put("loop");
            ReceivedMessage message = queue.receive(LONG).orElseThrow();
            RuntimeException first = new RuntimeException("first");
            RuntimeException second = new RuntimeException("second", first);
            first.initCause(second);

            assertThat(message.retry(first)).isEqualTo(Settlement.RETRY_SCHEDULED);
        }
    }

    private JsonNode reasonOf(String name) throws Exception {
        Path reason = dir.resolve(".ipsync/dead/reason-" + name + ".json");
        assertThat(reason).as("the dead letter's reason file").exists();
        return JsonMapper.builder().build().readTree(Files.readString(reason));
    }
}
