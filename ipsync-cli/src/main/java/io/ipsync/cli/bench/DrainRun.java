package io.ipsync.cli.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Scenario 3: one consumer process taking a backlog that the bench wrote before it started
 * ({@link BacklogWriter}). The rate counts from the consumer opening the queue to its last
 * acknowledgement.
 */
final class DrainRun implements ScenarioRun {

    @Override
    public void run(BenchContext context) throws Exception {
        long count = context.plan().messages();
        Path queue = context.workspace().newFolder("drain");
        context.say("drain: writing a backlog of %,d messages", count);
        BacklogWriter.write(queue, count, context.progress());
        context.say("drain: one consumer takes them");
        JsonNode result = drain(queue, count);
        context.add(Figure.of(Scenario.DRAIN, "rate", "drain of " + Rate.grouped(count),
                Rate.perSecond(count, result.get("nanosToLastMessage").asLong()), Figure.MESSAGES_PER_SECOND)
                .comparedWith(Baseline.READ).withTarget("≥ 0.8 × read"));
        context.add(Figure.of(Scenario.DRAIN, "firstMessage", "time to the first message",
                Rate.millis(result.get("nanosToFirstMessage").asLong()), Figure.MILLISECONDS));
        context.workspace().remove(queue);
    }

    /** Runs one consumer until it took {@code count} messages from {@code queue}, and returns its report. */
    static JsonNode drain(Path queue, long count) throws IOException, InterruptedException {
        try (ChildJvm consumer = ChildJvm.start("consumer", ConsumerRole.NAME, queue, Map.of("count", count))) {
            JsonNode result = consumer.awaitResult(ChildJvm.generousFor(count));
            long taken = result.get("messages").asLong();
            if (taken != count) {
                throw new BenchFailure("The consumer took " + taken + " of " + count + " messages before it gave up");
            }
            return result;
        }
    }
}
