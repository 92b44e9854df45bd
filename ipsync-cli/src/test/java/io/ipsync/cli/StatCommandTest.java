package io.ipsync.cli;

import static io.ipsync.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import io.ipsync.ReceivedMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class StatCommandTest {

    @TempDir
    Path queue;

    private JsonDataQueue consumer;

    private final List<ReceivedMessage> held = new ArrayList<>();

    /** 4 waiting, 3 in flight (held by this test), 1 retry scheduled, 2 dead letters. */
    @BeforeEach
    void queueInEveryState() throws Exception {
        Files.writeString(queue.resolve("q_0000000000000000001_" + "A".repeat(32)), "{broken");
        Files.writeString(queue.resolve("q_0000000000000000002_" + "A".repeat(32)), "[1,");
        consumer = JsonDataQueue.open(queue);
        for (int i = 0; i < 8; i++) {
            consumer.put(i);
        }
        for (int i = 0; i < 3; i++) {
            held.add(consumer.receive(Duration.ofSeconds(5)).orElseThrow());
        }
        consumer.receive(Duration.ofSeconds(5)).orElseThrow().retry(new IllegalStateException("test"));
    }

    @AfterEach
    void closeConsumer() {
        consumer.close();
    }

    @Test
    void showsEachCounterOnItsOwnLine() {
        CommandRun stat = run("stat", queue.toString());

        assertThat(stat.exitCode()).isZero();
        assertThat(stat.lines()).hasSize(6);
        assertThat(stat.lines().get(0)).isEqualTo("queue             " + queue.toAbsolutePath().normalize());
        assertThat(stat.lines().get(1)).isEqualTo("waiting           4");
        assertThat(stat.lines().get(2)).matches("oldest waiting    (\\d+ms|\\d+\\.\\ds|\\d+m \\d+s)");
        assertThat(stat.lines().subList(3, 6)).containsExactly(
                "in flight         3",
                "scheduled         1",
                "dead letters      2");
    }

    @Test
    void jsonFormIsOneLineForScripts() {
        CommandRun stat = run("stat", "--json", queue.toString());

        assertThat(stat.exitCode()).isZero();
        assertThat(stat.lines()).hasSize(1);
        JsonNode json = JsonMapper.builder().build().readTree(stat.out());
        assertThat(json.get("queue").asString()).isEqualTo(queue.toAbsolutePath().normalize().toString());
        assertThat(json.get("waiting").asLong()).isEqualTo(4);
        assertThat(json.get("oldestWaitingAgeMillis").isIntegralNumber()).isTrue();
        assertThat(json.get("oldestWaitingAgeMillis").asLong()).isNotNegative();
        assertThat(json.get("inFlight").asLong()).isEqualTo(3);
        assertThat(json.get("scheduledRetries").asLong()).isEqualTo(1);
        assertThat(json.get("deadLetters").asLong()).isEqualTo(2);
    }

    @Test
    void emptyQueueHasNoOldestAge(@TempDir Path empty) {
        assertThat(run("stat", empty.toString()).lines()).contains("oldest waiting    -");
        assertThat(run("stat", "--json", empty.toString()).out()).contains("\"oldestWaitingAgeMillis\":null");
    }

    @Test
    void missingQueueDirectoryFailsWithAOneLineReasonAndIsNotCreated() {
        Path missing = queue.resolve("typo");

        CommandRun stat = run("stat", missing.toString());

        assertThat(stat.exitCode()).isEqualTo(3);
        assertThat(stat.out()).isEmpty();
        assertThat(stat.err()).isEqualTo("ipsync stat: The queue directory " + missing + " does not exist"
                + System.lineSeparator());
        assertThat(missing).doesNotExist();
    }

    @Test
    void agesReadAsPeopleWriteThem() {
        assertThat(StatCommand.humanReadable(Duration.ofMillis(850))).isEqualTo("850ms");
        assertThat(StatCommand.humanReadable(Duration.ofMillis(59_990))).isEqualTo("59.9s");
        assertThat(StatCommand.humanReadable(Duration.ofSeconds(245))).isEqualTo("4m 5s");
        assertThat(StatCommand.humanReadable(Duration.ofMinutes(130))).isEqualTo("2h 10m");
        assertThat(StatCommand.humanReadable(Duration.ofHours(76))).isEqualTo("3d 4h");
    }
}
