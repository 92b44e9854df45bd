package io.ipsync.file.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.spi.Claim;
import io.ipsync.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes killed with {@code kill -9} (or halted) in the middle of their work: a consumer holding
 * claims in both chains gives them all back with the attempt counted; a producer killed between
 * reserving and committing a frame leaves nothing torn, and holds others up only for the reclaim
 * interval after which its frame is skipped.
 */
class JournalKilledProcessTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aConsumerKilledWhileHoldingClaimsGivesThemAllBackWithTheAttemptCounted() throws Exception {
        Path queue = dir.resolve("consumer");
        try (JournalQueueChannel channel = JournalQueueChannel.open(queue, JournalLifeMain.OPTIONS, JournalLifeMain.SETTINGS)) {
            for (int i = 0; i < 8; i++) {
                channel.put(Integer.toString(i).getBytes(StandardCharsets.UTF_8));
            }
            Map<String, Integer> held = new HashMap<>();
            try (ChildJvm child = ChildJvm.start("journal consumer", JournalChildMain.class, "consumer", queue.toString(), "5")) {
                String holding = child.awaitLineStartingWith("holding ", LONG);
                for (String entry : holding.substring("holding ".length()).split(" ")) {
                    String[] parts = entry.split(":");
                    held.put(parts[0], Integer.parseInt(parts[1]));
                }
                assertThat(held).hasSize(5).containsEntry("0", 2).containsEntry("1", 1);
                child.kill();
            }
            Map<String, Integer> drained = new HashMap<>();
            Claim claim;
            while ((claim = channel.claim(TimeUnit.MILLISECONDS.toNanos(500))) != null) {
                String content = new String(claim.content(), StandardCharsets.UTF_8);
                assertThat(drained.put(content, claim.attempt())).as("taken twice: " + content).isNull();
                channel.acknowledge(claim);
            }
            assertThat(drained).hasSize(8);
            held.forEach((content, attempt) -> assertThat(drained).containsEntry(content, attempt + 1));
            assertThat(channel.stats().inFlight()).isZero();
        }
    }

    @Test
    void aProducerKilledMidAppendLeavesNoTornFrameAndHoldsOthersUpOnlyUntilItsFrameIsSkipped() throws Exception {
        Path queue = dir.resolve("producer");
        List<String> reported;
        try (ChildJvm child = ChildJvm.start("journal producer", JournalChildMain.class, "producer", queue.toString(), "5")) {
            assertThat(child.awaitExit(LONG)).isEqualTo(JournalLifeMain.EXIT_CRASHED);
            reported = child.linesStartingWith("put ");
        }
        assertThat(reported).hasSize(5);
        try (JournalQueueChannel channel = JournalQueueChannel.open(queue, JournalLifeMain.OPTIONS, JournalLifeMain.SETTINGS)) {
            channel.put("\"after\"".getBytes(StandardCharsets.UTF_8));
            List<String> drained = new ArrayList<>();
            Claim claim;
            while ((claim = channel.claim(TimeUnit.SECONDS.toNanos(1))) != null) {
                drained.add(new String(claim.content(), StandardCharsets.UTF_8));
                channel.acknowledge(claim);
            }
            assertThat(drained).containsExactly("\"0\"", "\"1\"", "\"2\"", "\"3\"", "\"4\"", "\"after\"");
        }
    }
}
