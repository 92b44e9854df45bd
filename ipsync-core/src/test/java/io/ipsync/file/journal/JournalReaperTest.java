package io.ipsync.file.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.spi.Claim;
import io.ipsync.testing.ChildJvm;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Taking back a dead consumer's messages reads the frames in flight, not the backlog behind them
 * (issue 15: with a backlog of 190,000 messages, every process killed made the consumers walk all
 * of it, and they fell further behind with each kill).
 */
class JournalReaperTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /**
     * A consumer JVM claims two messages, then a third, and is killed with SIGKILL right after that
     * claim's CAS, before it moved the claim cursor past it. A backlog is put behind, and its last
     * frame's length word is overwritten with one no writer leaves: a reap that read the chain to
     * its tail would fail on it naming the segment. The reap finds all three claims, the one past
     * the cursor included, and stops at the first new frame there.
     */
    @Test
    void aDeadConsumersClaimsComeBackWithoutTheReapReadingTheBacklogPastTheCursor() throws Exception {
        Path queue = dir.resolve("queue");
        try (JournalQueueChannel channel = JournalQueueChannel.open(queue, JournalLifeMain.OPTIONS, JournalLifeMain.SETTINGS)) {
            for (int i = 0; i < 4; i++) {
                channel.put(json(i));
            }
            try (ChildJvm child = ChildJvm.start("journal claimer", JournalChildMain.class, "claimer", queue.toString(), "2")) {
                child.awaitLine("stopped past the cursor", LONG);
                assertThat(child.linesStartingWith("claimed ")).containsExactly("claimed \"0\"", "claimed \"1\"");
                String last = null;
                for (int i = 4; i < 400; i++) {
                    last = channel.put(json(i), Map.of());
                }
                corruptLengthWord(queue, last);
                child.kill();
            }

            assertThat(channel.reclaimAbandoned()).as("messages taken back from the dead consumer").isEqualTo(3);
            List<String> back = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Claim claim = channel.claim(TimeUnit.SECONDS.toNanos(10));
                assertThat(claim).as("taken back message " + i).isNotNull();
                assertThat(claim.attempt()).as("attempt of " + claim.messageId()).isEqualTo(2);
                back.add(new String(claim.content(), StandardCharsets.UTF_8));
                channel.acknowledge(claim);
            }
            assertThat(back).containsExactlyInAnyOrder("\"0\"", "\"1\"", "\"2\"");
            Claim next = channel.claim(TimeUnit.SECONDS.toNanos(10));
            assertThat(new String(next.content(), StandardCharsets.UTF_8)).as("the backlog, untouched").isEqualTo("\"3\"");
            assertThat(next.attempt()).isEqualTo(1);
            channel.acknowledge(next);
        }
    }

    private static byte[] json(int i) {
        return ("\"" + i + "\"").getBytes(StandardCharsets.UTF_8);
    }

    /** Overwrites the length word of the frame of message {@code id} ({@code j-<segment>-<offset>}, hex). */
    private static void corruptLengthWord(Path queue, String id) throws Exception {
        String[] parts = id.split("-");
        Path segment = queue.resolve(String.format("journal/main-%016x.seg", Long.parseLong(parts[1], 16)));
        try (FileChannel file = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, 12_345), Long.parseLong(parts[2], 16));
        }
    }
}
