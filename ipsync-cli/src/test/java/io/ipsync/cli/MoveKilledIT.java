package io.ipsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.JsonDataQueue;
import io.ipsync.QueueStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar ipsync.jar move} killed with SIGKILL at arbitrary moments while it moves a
 * backlog, again and again, then run to the end: the target holds every message exactly once,
 * in order. Where {@code MoveInterruptedTests} stops a move at each chosen step, this one kills
 * the real command wherever it happens to be.
 */
class MoveKilledIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final int MESSAGES = 3_000;

    /** Kill each run once the target has this many more messages. */
    private static final int PER_RUN = 500;

    private static final int KILLED_RUNS = 3;

    @TempDir
    Path temp;

    @Test
    void moveKilledAgainAndAgainThenRunToTheEndMovesEveryMessageExactlyOnce() throws Exception {
        Path from = temp.resolve("from");
        Path to = temp.resolve("to");
        String padding = "x".repeat(500);
        try (JsonDataQueue producer = JsonDataQueue.open(from)) {
            for (int i = 0; i < MESSAGES; i++) {
                producer.put(Map.of("seq", i, "padding", padding), Map.of("seq", String.valueOf(i)));
            }
        }

        int killedWhileMoving = 0;
        for (int run = 1; run <= KILLED_RUNS; run++) {
            int killAt = Math.min(waitingIn(to) + PER_RUN, MESSAGES);
            Process move = ShadedJar.command("move", from.toString(), to.toString())
                    .redirectOutput(temp.resolve("run" + run + ".out").toFile())
                    .redirectError(temp.resolve("run" + run + ".err").toFile())
                    .start();
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2))
                        .until(() -> !move.isAlive() || waitingIn(to) >= killAt);
                if (move.isAlive()) {
                    move.destroyForcibly(); // SIGKILL: no shutdown hook, no release of the claim in hand
                    killedWhileMoving++;
                }
                assertThat(move.waitFor(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                move.destroyForcibly();
            }
        }
        ShadedJar.Finished last = ShadedJar.run(temp, "", "move", from.toString(), to.toString());

        assertThat(killedWhileMoving).as("runs killed while they moved").isGreaterThanOrEqualTo(2);
        assertThat(last.exitCode()).as(last.err()).isZero();
        assertThat(last.out()).startsWith("moved ");
        try (JsonDataQueue source = JsonDataQueue.open(from)) {
            assertThat(source.stats()).isEqualTo(new QueueStats(0, null, 0, 0, 0));
        }
        List<Integer> seqs = QueueContents.drain(to).stream().map(text -> JSON.readTree(text).get("seq").asInt()).toList();
        assertThat(seqs).as("every message once, in order").isEqualTo(IntStream.range(0, MESSAGES).boxed().toList());
    }

    private static int waitingIn(Path queue) {
        if (!Files.isDirectory(queue)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(queue)) {
            return (int) files.filter(file -> file.getFileName().toString().startsWith("q_")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
