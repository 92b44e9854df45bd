package io.ipsync.file;

import io.ipsync.QueueOptions;
import io.ipsync.spi.Claim;
import io.ipsync.spi.DeadLetterReason;
import io.ipsync.testing.CheckedPayload;
import io.ipsync.testing.ParentPipe;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A child process that takes three messages through every step of their life, through
 * {@link FaultyFileSteps}, and so can be crashed at any one step:
 * <ol>
 * <li>puts A (64 KiB), B (1 KiB) and C (the poison one);
 * <li>claims A, handles it, acknowledges it;
 * <li>claims B, releases it (back under its own name), claims it again, schedules a retry,
 * claims it from the retry shelf (attempt 2), handles it, acknowledges it;
 * <li>claims C and dead-letters it;
 * <li>closes the queue.
 * </ol>
 * Reports, besides each {@code step <k> ...} line before the step: {@code put <id> <name>},
 * {@code claimed <id> <attempt>}, {@code handled <id>}, {@code acked <id>},
 * {@code released <id> <attempt>}, {@code retried <id> <attempt>}, {@code deadlettered <id>},
 * each once the call returned, and {@code finished <steps>} at the end.
 *
 * <p>Usage: {@code MessageLifeMain <queue directory> <step to crash at, 0 for none> <HALT|HALT_HALFWAY>}
 */
public final class MessageLifeMain {

    static final String POISON = "C";

    private static final long CLAIM_TIMEOUT = TimeUnit.SECONDS.toNanos(30);

    private final FileQueueChannel channel;

    private final FaultyFileSteps steps;

    private final Consumer<String> report;

    /** The scenario on {@code channel}, whose steps go through {@code steps}, reporting to {@code report}. */
    MessageLifeMain(FileQueueChannel channel, FaultyFileSteps steps, Consumer<String> report) {
        this.channel = channel;
        this.steps = steps;
        this.report = report;
    }

    public static void main(String[] args) throws Exception {
        ParentPipe parent = ParentPipe.connect();
        Path root = Path.of(args[0]);
        FaultyFileSteps steps = new FaultyFileSteps(root, Integer.parseInt(args[1]),
                FaultyFileSteps.Fault.valueOf(args[2]), parent::report);
        try (FileQueueChannel channel = FileQueueChannel.open(root, QueueOptions.DEFAULTS, FileSettings.DEFAULTS, steps)) {
            new MessageLifeMain(channel, steps, parent::report).run();
            parent.report("finished " + steps.stepsTaken());
        }
    }

    void run() throws IOException, InterruptedException {
        put("A", 64 * 1024);
        put("B", 1024);
        put(POISON, 10);

        Claim a = claim("A", 1);
        handle(a);
        channel.acknowledge(a);
        report.accept("acked A");

        Claim b = claim("B", 1);
        channel.release(b);
        report.accept("released B 1");
        b = claim("B", 1);
        channel.retryLater(b, Instant.now());
        report.accept("retried B 1");
        b = claim("B", 2);
        handle(b);
        channel.acknowledge(b);
        report.accept("acked B");

        Claim c = claim(POISON, 1);
        channel.deadLetter(c, DeadLetterReason.of("poison, on purpose"));
        report.accept("deadlettered " + POISON);
    }

    private void put(String id, int paddingLength) throws IOException {
        String name = channel.put(CheckedPayload.of(id, paddingLength).toJson());
        report.accept("put " + id + " " + name);
    }

    private Claim claim(String expectedId, int expectedAttempt) throws IOException, InterruptedException {
        Claim claim = channel.claim(CLAIM_TIMEOUT);
        if (claim == null) {
            throw new IllegalStateException("Expected to claim " + expectedId + " but found nothing");
        }
        CheckedPayload payload = CheckedPayload.parse(claim.content());
        if (!payload.isIntact() || !payload.id().equals(expectedId) || claim.attempt() != expectedAttempt) {
            throw new IllegalStateException("Expected " + expectedId + " on attempt " + expectedAttempt + " but claimed "
                    + payload + " on attempt " + claim.attempt());
        }
        report.accept("claimed " + expectedId + " " + claim.attempt());
        return claim;
    }

    private void handle(Claim claim) throws IOException {
        String id = CheckedPayload.parse(claim.content()).id();
        steps.checkpoint("handle " + id);
        report.accept("handled " + id);
    }
}
