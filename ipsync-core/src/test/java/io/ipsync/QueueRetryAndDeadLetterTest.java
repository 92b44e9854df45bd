package io.ipsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipsync.file.FileSettings;
import io.ipsync.testing.RawMessages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What happens to a message whose handling fails: retried after the back-off, dead-lettered after
 * the last attempt or at once when it cannot be converted, with the attempt count kept on disk.
 * Back-off delays are checked on the due time that the retry file's name carries, never by
 * waiting for them.
 */
class QueueRetryAndDeadLetterTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path retries() {
        return dir.resolve(".ipsync/retry");
    }

    private Path deadLetters() {
        return dir.resolve(".ipsync/dead");
    }

    @Test
    void aFailingHandlerIsRetriedUpToMaxAttemptsThenDeadLettered() throws Exception {
        QueueOptions options = QueueOptions.builder().maxAttempts(3).backOff(BackOff.none()).build();
        List<Integer> attempts = new ArrayList<>();
        try (JsonDataQueue queue = JsonDataQueue.open(dir, options)) {
            String name = queue.put("poison");
            MessageHandler failing = message -> {
                attempts.add(message.metadata().attempt());
                throw new IllegalStateException("handler broke on " + message.payload().as(String.class));
            };
            assertThat(queue.poll(LONG, failing)).isTrue();
            assertThat(queue.poll(LONG, failing)).isTrue();
            assertThat(queue.poll(LONG, failing)).isTrue();
            assertThat(queue.poll(Duration.ofMillis(200), failing)).as("nothing left after the last attempt").isFalse();

            assertThat(attempts).containsExactly(1, 2, 3);
            assertThat(Files.readString(deadLetters().resolve(name))).isEqualTo("\"poison\"");
            JsonNode reason = readJson(deadLetters().resolve("reason-" + name + ".json"));
            assertThat(reason.get("reason").asString())
                    .contains("last attempt (3 of 3)")
                    .contains("handler broke on poison");
            assertThat(reason.get("exception").asString())
                    .isEqualTo("java.lang.IllegalStateException: handler broke on poison");
            assertThat(reason.get("attempts").asInt()).isEqualTo(3);
            assertThat(reason.get("message").asString()).isEqualTo(name);
            assertThat(reason.get("queue").asString()).isEqualTo(dir.toString());
            assertThat(reason.get("consumer").asString()).isNotBlank();
            assertThat(queue.stats()).isEqualTo(new QueueStats(0, null, 0, 0, 1));
        }
    }

    @Test
    void retryFileNameCarriesTheDueTimeOfTheBackOff() throws Exception {
        BackOff backOff = new BackOff(Duration.ofHours(1), 2.0, Duration.ofHours(3));
        QueueOptions options = QueueOptions.builder()
                .maxAttempts(4)
                .backOff(backOff)
                .build();
        FileSettings settings = FileSettings.builder().pollInterval(Duration.ofMillis(50)).build();
        try (JsonDataQueue queue = JsonDataQueue.open(dir, options, settings)) {
            String name = queue.put("later");
            List<Duration> expectedDelays = List.of(Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3));

            for (int attempt = 1; attempt <= 3; attempt++) {
                ReceivedMessage message = queue.receive(LONG).orElseThrow();
                assertThat(message.metadata().attempt()).isEqualTo(attempt);
                Instant before = Instant.now();
                assertThat(message.retry(new RuntimeException("attempt " + attempt))).isEqualTo(Settlement.RETRY_SCHEDULED);
                Instant after = Instant.now();

                String retryName = onlyRetryFile();
                assertThat(retryName).matches("\\d{13}-" + attempt + "-" + name);
                long due = Long.parseLong(retryName.substring(0, 13));
                Duration delay = expectedDelays.get(attempt - 1);
                assertThat(due).as("due after attempt %d", attempt)
                        .isBetween(before.plus(delay).toEpochMilli(), after.plus(delay).toEpochMilli());
                assertThat(queue.receive(Duration.ofMillis(100))).as("not due yet").isEmpty();

                // Let the time pass: make the retry due now, as if the delay had run out.
                Files.move(retries().resolve(retryName), retries().resolve("0000000000000-" + attempt + "-" + name));
            }
            ReceivedMessage last = queue.receive(LONG).orElseThrow();
            assertThat(last.metadata().attempt()).isEqualTo(4);
            assertThat(last.retry(new RuntimeException("attempt 4"))).isEqualTo(Settlement.DEAD_LETTERED);
            assertThat(deadLetters().resolve(name)).exists();
        }
    }

    @Test
    void aConversionFailureDeadLettersAtOnceWithoutRetries() throws Exception {
        List<Integer> attempts = new ArrayList<>();
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            String name = queue.put("not a number");
            String next = queue.put(7);
            queue.poll(LONG, message -> {
                attempts.add(message.metadata().attempt());
                message.payload().as(Integer.class);
            });
            assertThat(attempts).containsExactly(1);
            assertThat(RawMessages.names(retries(), "")).isEmpty();
            assertThat(deadLetters().resolve(name)).exists();
            JsonNode reason = readJson(deadLetters().resolve("reason-" + name + ".json"));
            assertThat(reason.get("reason").asString()).startsWith("cannot be converted").contains("Integer");
            assertThat(reason.get("exception").asString()).startsWith(MessageConversionException.class.getName());
            assertThat(reason.get("attempts").asInt()).isEqualTo(1);

            ReceivedMessage following = queue.receive(LONG).orElseThrow();
            assertThat(following.metadata().name()).isEqualTo(next);
            following.acknowledge();
        }
    }

    @Test
    void aHandlerMaySettleTheMessageItself() throws Exception {
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            String name = queue.put("bad order");
            List<Settlement> settlements = new ArrayList<>();
            queue.poll(LONG, message -> {
                message.deadLetter("rejected by the business rules", null);
                settlements.add(message.settlement());
            });
            assertThat(settlements).containsExactly(Settlement.DEAD_LETTERED);
            assertThat(readJson(deadLetters().resolve("reason-" + name + ".json")).get("reason").asString())
                    .isEqualTo("rejected by the business rules");
            assertThat(readJson(deadLetters().resolve("reason-" + name + ".json")).has("exception")).isFalse();
        }
    }

    @Test
    void theAttemptCountSurvivesAConsumerRestart() throws Exception {
        QueueOptions options = QueueOptions.builder().backOff(BackOff.none()).build();
        String name;
        try (JsonDataQueue first = JsonDataQueue.open(dir, options)) {
            name = first.put("survivor");
            ReceivedMessage message = first.receive(LONG).orElseThrow();
            assertThat(message.metadata().attempt()).isEqualTo(1);
            message.retry(new RuntimeException("first consumer failed"));
        }
        try (JsonDataQueue second = JsonDataQueue.open(dir, options)) {
            ReceivedMessage message = second.receive(LONG).orElseThrow();
            assertThat(message.metadata().name()).isEqualTo(name);
            assertThat(message.metadata().attempt()).isEqualTo(2);
            // closed unsettled: released, and the release does not count
        }
        try (JsonDataQueue third = JsonDataQueue.open(dir, options)) {
            ReceivedMessage message = third.receive(LONG).orElseThrow();
            assertThat(message.metadata().attempt()).isEqualTo(2);
            assertThat(message.retry(new RuntimeException("third consumer failed"))).isEqualTo(Settlement.RETRY_SCHEDULED);
            ReceivedMessage last = third.receive(LONG).orElseThrow();
            assertThat(last.metadata().attempt()).isEqualTo(3);
            assertThat(last.retry(new RuntimeException("again"))).isEqualTo(Settlement.DEAD_LETTERED);
        }
    }

    @Test
    void dueRetriesAreTakenBeforeWaitingMessages() throws Exception {
        QueueOptions options = QueueOptions.builder().backOff(BackOff.none()).build();
        try (JsonDataQueue queue = JsonDataQueue.open(dir, options)) {
            queue.putAll(List.of("first", "second", "third"));
            queue.receive(LONG).orElseThrow().retry(new RuntimeException("once more"));
            assertThat(queue.take(String.class)).isEqualTo("first");
            assertThat(queue.take(String.class)).isEqualTo("second");
        }
    }

    @Test
    void deadLettersGoWhereTheOptionsSay() throws Exception {
        Path elsewhere = dir.resolve("elsewhere-dead");
        Path queueDir = dir.resolve("queue");
        QueueOptions options = QueueOptions.builder().maxAttempts(1).build();
        FileSettings settings = FileSettings.builder().deadLetterDirectory(elsewhere).build();
        try (JsonDataQueue queue = JsonDataQueue.open(queueDir, options, settings)) {
            String name = queue.put(1);
            assertThat(queue.receive(LONG).orElseThrow().retry(new RuntimeException("no"))).isEqualTo(Settlement.DEAD_LETTERED);
            assertThat(elsewhere.resolve(name)).exists();
            assertThat(elsewhere.resolve("reason-" + name + ".json")).exists();
            assertThat(queue.stats().deadLetters()).isEqualTo(1);
        }
    }

    /**
     * A dead-letter directory may itself be a queue that a repair job consumes: there the dead
     * letters are messages, and the records of why are not (PROTOCOL.md: nothing ipsync adds may
     * look like a message to a jk_interprocesssync consumer).
     */
    @Test
    void inADeadLetterDirectoryThatIsAQueueOnlyTheDeadLettersAreMessages() throws Exception {
        Path orders = Files.createDirectory(dir.resolve("orders"));
        Path ordersDead = Files.createDirectory(dir.resolve("orders-dead"));
        FileSettings settings = FileSettings.builder().deadLetterDirectory(ordersDead).build();
        try (JsonDataQueue queue = JsonDataQueue.open(orders, QueueOptions.DEFAULTS, settings);
                JsonDataQueue repairs = JsonDataQueue.open(ordersDead)) {
            String name = RawMessages.name(1);
            RawMessages.write(orders, name, "{not json");
            assertThat(queue.receive(Duration.ofMillis(200))).as("the malformed message is dead-lettered").isEmpty();
            assertThat(ordersDead.resolve("reason-" + name + ".json")).exists();

            assertThat(RawMessages.waiting(ordersDead)).as("what a jk_interprocesssync consumer would take")
                    .containsExactly(name);
            assertThat(repairs.size()).isEqualTo(1);
        }
    }

    @Test
    void theQueueDirectoryItselfIsRefusedAsItsDeadLetterDirectory() {
        FileSettings settings = FileSettings.builder().deadLetterDirectory(dir.resolve("sub/..")).build();
        assertThatThrownBy(() -> JsonDataQueue.open(dir, QueueOptions.DEFAULTS, settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("dead letters would come back as messages");
    }

    @Test
    void aDeadLetterNeverOverwritesAnEarlierOneOfTheSameName() throws Exception {
        String name = RawMessages.name(1);
        try (JsonDataQueue queue = JsonDataQueue.open(dir)) {
            RawMessages.write(dir, name, "\"first\"");
            queue.receive(LONG).orElseThrow().deadLetter("first", null);
            RawMessages.write(dir, name, "\"second\"");
            queue.receive(LONG).orElseThrow().deadLetter("second", null);
        }
        assertThat(Files.readString(deadLetters().resolve(name))).isEqualTo("\"first\"");
        assertThat(Files.readString(deadLetters().resolve(name + ".2"))).isEqualTo("\"second\"");
        assertThat(readJson(deadLetters().resolve("reason-" + name + ".2.json")).get("reason").asString()).isEqualTo("second");
    }

    private String onlyRetryFile() throws Exception {
        List<String> names = RawMessages.names(retries(), "");
        assertThat(names).hasSize(1);
        return names.get(0);
    }

    private static JsonNode readJson(Path file) throws Exception {
        return JsonMapper.builder().build().readTree(Files.readString(file));
    }
}
