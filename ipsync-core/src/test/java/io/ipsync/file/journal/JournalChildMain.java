package io.ipsync.file.journal;

import io.ipsync.spi.Claim;
import io.ipsync.testing.ParentPipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM on a journal queue, for the tests that kill one:
 * <ul>
 * <li>{@code producer <queue> <n>}: puts messages {@code "0"}, {@code "1"} ..., reporting
 * {@code put <n>} after each, and halts between the reserve and the commit of message {@code n};
 * <li>{@code waiter <queue> <n>}: {@code n} times, reports {@code waiting}, waits for a message and
 * reports {@code claimed <content> <microseconds from its put to its claim>};
 * <li>{@code consumer <queue> <n>}: claims {@code n} messages (in a batch), gives the first back for
 * a retry at once and claims it again, reports {@code holding <ids>} and waits to be killed;
 * <li>{@code claimer <queue> <n>}: claims {@code n} messages one at a time, reporting
 * {@code claimed <content>} after each, then claims one more and stops right after its CAS, before
 * it moves the claim cursor past it: reports {@code stopped past the cursor} and waits to be killed;
 * <li>{@code truncated <queue> <n>}: puts {@code n} messages, claims and acknowledges the first
 * (so the segment is mapped), reports {@code mapped}, waits for the command {@code claim} (the test
 * truncates the segment meanwhile), claims again and reports {@code outcome <what happened>}.
 * </ul>
 */
public final class JournalChildMain {

    private JournalChildMain() {
    }

    public static void main(String[] args) throws Exception {
        ParentPipe parent = ParentPipe.connect();
        Path queue = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        try (JournalQueueChannel channel = JournalQueueChannel.open(queue, JournalLifeMain.OPTIONS,
                JournalLifeMain.SETTINGS)) {
            if (args[0].equals("producer")) {
                int[] putting = {0};
                CrashPoints.hook = point -> {
                    if (point.equals("written main") && putting[0] == n) {
                        Runtime.getRuntime().halt(JournalLifeMain.EXIT_CRASHED);
                    }
                };
                for (putting[0] = 0; putting[0] <= n; putting[0]++) {
                    channel.put(("\"" + putting[0] + "\"").getBytes(StandardCharsets.UTF_8));
                    parent.report("put " + putting[0]);
                }
            } else if (args[0].equals("waiter")) {
                for (int i = 0; i < n; i++) {
                    parent.report("waiting");
                    Claim claim = channel.claim(TimeUnit.SECONDS.toNanos(60));
                    parent.report("claimed " + new String(claim.content(), StandardCharsets.UTF_8) + " "
                            + (Frames.nowMicros() - claim.timestamp().toEpochMilli() * 1000
                                    - claim.timestamp().getNano() / 1000 % 1000));
                    channel.acknowledge(claim);
                }
            } else if (args[0].equals("truncated")) {
                for (int i = 0; i < n; i++) {
                    channel.put(("\"" + i + "\"").getBytes(StandardCharsets.UTF_8));
                }
                channel.acknowledge(channel.claim(TimeUnit.SECONDS.toNanos(10)));
                parent.report("mapped");
                parent.awaitCommand("claim");
                try {
                    Claim claim = channel.claim(TimeUnit.SECONDS.toNanos(1));
                    parent.report("outcome claimed " + (claim == null ? "nothing" : "a message"));
                } catch (Throwable failure) {
                    parent.report("outcome " + failure.getClass().getName() + ": " + failure.getMessage());
                }
            } else if (args[0].equals("claimer")) {
                int[] claims = {0};
                CrashPoints.hook = point -> {
                    if (point.equals("claimed main") && ++claims[0] > n) {
                        parent.report("stopped past the cursor");
                        try {
                            parent.awaitCommand("never sent: the test kills this process");
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                };
                for (int i = 0; i <= n; i++) {
                    Claim claim = channel.claim(TimeUnit.SECONDS.toNanos(30));
                    parent.report("claimed " + new String(claim.content(), StandardCharsets.UTF_8));
                }
            } else {
                List<Claim> claims = channel.claimBatch(n, TimeUnit.SECONDS.toNanos(30));
                channel.retryLater(claims.get(0), Instant.now());
                Claim again = channel.claim(TimeUnit.SECONDS.toNanos(30));
                StringBuilder held = new StringBuilder("holding");
                held.append(' ').append(new String(again.content(), StandardCharsets.UTF_8)).append(':').append(again.attempt());
                for (Claim claim : claims.subList(1, claims.size())) {
                    held.append(' ').append(new String(claim.content(), StandardCharsets.UTF_8)).append(':')
                            .append(claim.attempt());
                }
                parent.report(held.toString());
                parent.awaitCommand("never sent: the test kills this process");
            }
        }
    }
}
