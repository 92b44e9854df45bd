package io.ipsync.file.journal;

import io.ipsync.QueueOptions;
import io.ipsync.spi.Claim;
import io.ipsync.testing.ParentPipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM on a journal queue for the tests of the bells across processes and Java versions.
 * Each reports {@code bell <kind>} once its channel is open, then:
 * <ul>
 * <li>{@code waiter <queue> <n>}: {@code n} times, reports {@code waiting}, waits for a message
 * (90 s at most) and reports {@code claimed <content>}, or {@code missed} when none came. Its
 * sleeps on the bell last up to two minutes, so only a ring wakes it in time;
 * <li>{@code putter <queue> <n>}: for {@code i} from 0 to {@code n - 1}, waits for the command
 * {@code put <i>}, puts {@code "<i>"} and reports {@code put <i>}.
 * </ul>
 */
public final class JournalBellChildMain {

    /** Nothing of a sleep is ended by a look of its own (reclaim interval, bell sleep): only rings wake. */
    static final QueueOptions OPTIONS = QueueOptions.builder().layout("journal").maxMessageSize(100_000)
            .reclaimInterval(Duration.ofMinutes(2)).build();

    private JournalBellChildMain() {
    }

    public static void main(String[] args) throws Exception {
        ParentPipe parent = ParentPipe.connect();
        JournalIdleWait.maxBellSleepNanos = TimeUnit.MINUTES.toNanos(2);
        int n = Integer.parseInt(args[2]);
        try (JournalQueueChannel channel = JournalQueueChannel.open(Path.of(args[1]), OPTIONS, JournalLifeMain.SETTINGS)) {
            parent.report("bell " + channel.bellKind());
            for (int i = 0; i < n; i++) {
                if (args[0].equals("waiter")) {
                    parent.report("waiting");
                    Claim claim = channel.claim(TimeUnit.SECONDS.toNanos(90));
                    if (claim == null) {
                        parent.report("missed");
                        return;
                    }
                    parent.report("claimed " + new String(claim.content(), StandardCharsets.UTF_8));
                    channel.acknowledge(claim);
                } else {
                    parent.awaitCommand("put " + i);
                    channel.put(("\"" + i + "\"").getBytes(StandardCharsets.UTF_8));
                    parent.report("put " + i);
                }
            }
        }
    }
}
