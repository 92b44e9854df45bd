package io.ipsync.file.journal;

import io.ipsync.QueueOptions;
import io.ipsync.file.FileSettings;
import io.ipsync.spi.Claim;
import io.ipsync.spi.DeadLetterReason;
import io.ipsync.testing.CheckedPayload;
import io.ipsync.testing.ParentPipe;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A child process that takes three messages of a journal queue through every step of their life,
 * reporting {@code step <k> <point>} at each {@link CrashPoints crash point} and halting there when
 * {@code k} is the step to crash at:
 * <ol>
 * <li>puts A (70 KiB) and B (60 KiB, so that it rolls the 128 KiB segment; its copies roll the retry chain) and C (the poison one);
 * <li>claims A and acknowledges it;
 * <li>claims B, releases it, claims it again, retries it at once, claims it from the retry chain
 * (attempt 2) and acknowledges it;
 * <li>claims C and dead-letters it; closes the queue.
 * </ol>
 * Reports {@code put <id> <message id>}, {@code claimed <id> <attempt>}, {@code acked <id>},
 * {@code released <id> <attempt>}, {@code retried <id> <attempt>}, {@code deadlettered <id>} once
 * each call returned, {@code claiming <id> <attempt>}, {@code releasing <id> <attempt>} and
 * {@code retrying <id> <attempt>} before the call, and {@code finished <steps>}.
 *
 * <p>Usage: {@code JournalLifeMain <queue directory> <step to crash at, 0 for none>}
 */
public final class JournalLifeMain {

    static final String POISON = "C";

    static final int EXIT_CRASHED = 86;

    static final FileSettings SETTINGS = FileSettings.builder().journalSegmentSize(128 * 1024).build();

    static final QueueOptions OPTIONS = QueueOptions.builder().maxMessageSize(100_000)
            .layout("journal").reclaimInterval(java.time.Duration.ofMillis(100)).build();

    private final JournalQueueChannel channel;

    private final ParentPipe parent;

    private JournalLifeMain(JournalQueueChannel channel, ParentPipe parent) {
        this.channel = channel;
        this.parent = parent;
    }

    public static void main(String[] args) throws Exception {
        ParentPipe parent = ParentPipe.connect();
        int crashAt = Integer.parseInt(args[1]);
        AtomicInteger steps = new AtomicInteger();
        CrashPoints.hook = point -> {
            int step = steps.incrementAndGet();
            parent.report("step " + step + " " + point);
            if (step == crashAt) {
                Runtime.getRuntime().halt(EXIT_CRASHED);
            }
        };
        try (JournalQueueChannel channel = JournalQueueChannel.open(Path.of(args[0]), OPTIONS, SETTINGS)) {
            new JournalLifeMain(channel, parent).run();
        }
        parent.report("finished " + steps.get());
    }

    private void run() throws IOException, InterruptedException {
        put("A", 70 * 1024);
        put("B", 60 * 1024);
        put(POISON, 10);

        Claim a = claim("A", 1);
        channel.acknowledge(a);
        parent.report("acked A");

        Claim b = claim("B", 1);
        parent.report("releasing B 1");
        channel.release(b);
        parent.report("released B 1");
        b = claim("B", 1);
        parent.report("retrying B 1");
        channel.retryLater(b, Instant.now());
        parent.report("retried B 1");
        b = claim("B", 2);
        channel.acknowledge(b);
        parent.report("acked B");

        Claim c = claim(POISON, 1);
        channel.deadLetter(c, DeadLetterReason.of("poison, on purpose"));
        parent.report("deadlettered " + POISON);
    }

    private void put(String id, int paddingLength) throws IOException {
        String messageId = channel.put(CheckedPayload.of(id, paddingLength).toJson());
        parent.report("put " + id + " " + messageId);
    }

    private Claim claim(String expectedId, int expectedAttempt) throws IOException, InterruptedException {
        parent.report("claiming " + expectedId + " " + expectedAttempt);
        Claim claim = channel.claim(TimeUnit.SECONDS.toNanos(30));
        if (claim == null) {
            throw new IllegalStateException("Expected to claim " + expectedId + " but found nothing");
        }
        CheckedPayload payload = CheckedPayload.parse(claim.content());
        if (!payload.isIntact() || !payload.id().equals(expectedId) || claim.attempt() != expectedAttempt) {
            throw new IllegalStateException("Expected " + expectedId + " on attempt " + expectedAttempt + " but claimed "
                    + payload + " on attempt " + claim.attempt());
        }
        parent.report("claimed " + expectedId + " " + claim.attempt());
        return claim;
    }
}
