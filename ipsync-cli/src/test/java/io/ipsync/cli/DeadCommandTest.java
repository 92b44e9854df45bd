package io.ipsync.cli;

import static io.ipsync.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.DeadLetter;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code ipsync dead list|show|requeue|purge} on a file queue's dead letters. */
class DeadCommandTest {

    @TempDir
    Path temp;

    private Path queue() {
        return temp.resolve("orders");
    }

    /** Dead-letters each value as a consumer would, with a reason and headers. */
    private List<DeadLetter> deadLetters(String... values) throws InterruptedException {
        try (JsonDataQueue queue = JsonDataQueue.open(queue(), QueueOptions.DEFAULTS)) {
            for (String value : values) {
                queue.put(value, Map.of("tenant", "acme"));
            }
            for (String value : values) {
                queue.receive(Duration.ofSeconds(30)).orElseThrow()
                        .deadLetter("no such customer: " + value, new IllegalArgumentException(value));
            }
            return queue.deadLetters().list(100);
        }
    }

    private List<String> waiting() throws InterruptedException {
        try (JsonDataQueue queue = JsonDataQueue.open(queue(), QueueOptions.DEFAULTS)) {
            List<String> values = new java.util.ArrayList<>();
            queue.consume(Duration.ofMillis(200), message -> values.add(message.payload().as(String.class)));
            return values;
        }
    }

    @Test
    void listShowsEachDeadLetterWithItsAttemptsAndReason() throws Exception {
        List<DeadLetter> letters = deadLetters("ada", "bob");

        CommandRun list = run("dead", "list", queue().toString());
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.lines()).hasSize(2);
        assertThat(list.lines().get(0)).startsWith(letters.get(0).id()).contains("attempts=1")
                .contains("no such customer: ada");

        CommandRun json = run("dead", "list", queue().toString(), "--json", "-n", "1");
        assertThat(json.lines()).hasSize(1);
        JsonNode first = JsonFormat.parse(json.lines().get(0), "the line");
        assertThat(first.get("id").asString()).isEqualTo(letters.get(0).id());
        assertThat(first.get("headers").get("tenant").asString()).isEqualTo("acme");
        assertThat(first.get("exception").asString()).contains("IllegalArgumentException");
    }

    @Test
    void showPrintsOneDeadLetterWithItsPayload() throws Exception {
        DeadLetter letter = deadLetters("ada").get(0);

        CommandRun show = run("dead", "show", queue().toString(), letter.id());
        assertThat(show.exitCode()).as(show.err()).isZero();
        JsonNode shown = JsonFormat.parse(show.out().strip(), "the output");
        assertThat(shown.get("payload").asString()).isEqualTo("ada");
        assertThat(shown.get("reason").asString()).isEqualTo("no such customer: ada");

        CommandRun missing = run("dead", "show", queue().toString(), "q_nothing-like-it");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no dead letter q_nothing-like-it");
    }

    @Test
    void requeuePutsDeadLettersBackByIdOrAll() throws Exception {
        List<DeadLetter> letters = deadLetters("ada", "bob", "cy");

        CommandRun one = run("dead", "requeue", queue().toString(), letters.get(1).id(), "q_gone");
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.out()).isEqualTo("requeued 1 dead letter; not found: q_gone\n");
        assertThat(waiting()).containsExactly("bob");

        CommandRun all = run("dead", "requeue", queue().toString(), "--all");
        assertThat(all.out()).isEqualTo("requeued 2 dead letters\n");
        assertThat(waiting()).containsExactlyInAnyOrder("ada", "cy");

        CommandRun none = run("dead", "requeue", queue().toString(), "--all");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.out()).isEqualTo("requeued 0 dead letters\n");
    }

    @Test
    void purgeRemovesDeadLettersForGood() throws Exception {
        List<DeadLetter> letters = deadLetters("ada", "bob");

        assertThat(run("dead", "purge", queue().toString(), letters.get(0).id()).out()).isEqualTo("purged 1 dead letter\n");
        assertThat(run("dead", "purge", queue().toString(), "--all").out()).isEqualTo("purged 1 dead letter\n");
        assertThat(run("dead", "list", queue().toString()).out()).isEmpty();
        assertThat(waiting()).isEmpty();
    }

    @Test
    void idsAndAllTogetherOrNeitherAreUsageErrorsAndAMissingQueueIsAFailure() {
        assertThat(run("dead", "requeue", queue().toString()).exitCode()).isEqualTo(2);
        assertThat(run("dead", "purge", queue().toString(), "q_x", "--all").exitCode()).isEqualTo(2);
        assertThat(run("dead").exitCode()).isEqualTo(2);
        CommandRun missing = run("dead", "list", temp.resolve("nowhere").toString());
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).contains("nowhere");
    }
}
